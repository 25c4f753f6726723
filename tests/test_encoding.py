import json

import pytest

from newsloom.ingest.encoding import DecodeError, decode

from .conftest import FIXTURES

EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
ENCODED = sorted(name for name, e in EXPECTED.items() if isinstance(e, dict) and "encoding" in e)


@pytest.mark.parametrize("name", ENCODED)
def test_legacy_encodings_detected(name):
    data = (FIXTURES / name).read_bytes()
    decoded = decode(data)
    expected = EXPECTED[name]
    reference = data.decode(expected["encoding"]).replace("\r\n", "\n")
    assert decoded.text.lstrip("\ufeff") == reference.lstrip("\ufeff")
    assert "\r" not in decoded.text
    assert EXPECTED[name]["titles"][0] in decoded.text


def test_stray_bytes_in_utf8_are_replaced_and_counted():
    decoded = decode((FIXTURES / "undecodable_mixed.txt").read_bytes())
    assert decoded.encoding == "utf-8"
    assert decoded.replaced == 3


def test_binary_is_refused():
    with pytest.raises(DecodeError, match="binary"):
        decode((FIXTURES / "binary.txt").read_bytes())


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Η κυβέρνηση ανακοίνωσε νέα μέτρα για την ακρίβεια στα τρόφιμα.", "cp1253"),
        ("Правительство объявило о новых мерах поддержки экономики.", "cp1251"),
        ("Правительство объявило о новых мерах поддержки экономики.", "koi8-r"),
        ("Le gouvernement a annoncé de nouvelles mesures contre la vie chère.", "cp1252"),
    ],
)
def test_short_texts_in_legacy_code_pages(text, encoding):
    assert decode(text.encode(encoding)).text == text
