"""Ingest benchmark: throughput and peak memory of `newsloom.ingest` on a synthetic corpus.

What it measures
    For each corpus size the script writes a reproducible synthetic corpus: news-like
    articles of about 600 words in English, Greek, German, French, Russian and Spanish
    (a headline, then 6-10 paragraphs), about 30% of them with the noise scrapers leave
    (the headline repeated, a photo caption ending in "(AFP)" written twice, a stray one-
    or two-letter tag line), and 10% planted near-duplicates of an earlier article (one
    sentence changed, or cut to the first 60% of its paragraphs, from another outlet).
    Generation streams to disk and is not part of the timings.

    The corpus is then ingested into a fresh SQLite file by a child process (one per size,
    so peak memory of one size cannot leak into the next) and the script reports:

    * wall-clock seconds and articles per second for the whole ingest: reading, cleaning,
      language identification, sentences, dates, duplicate detection and storing;
    * articles per CPU-second, from the CPU time of the ingest process plus that of its
      worker processes with `--workers N` (without workers this is the rate of one core; wall
      and CPU rates differ by I/O, waiting and other load on the machine);
    * peak resident memory of the child (ru_maxrss), and its resident memory before ingest;
    * database size, duplicates linked, recall of the planted near-duplicates, articles
      linked as duplicates that were not planted as such ("false links"), and problems.

    Targets: at least 300 articles/s on one core, and peak memory flat as the corpus grows
    from 20,000 to 100,000 articles.

How to run (in an environment with newsloom installed, e.g. `. /tmp/v/bin/activate`)
    python benchmarks/ingest.py                        # 20,000 articles as JSON Lines
    python benchmarks/ingest.py --articles 2000        # a quick check
    python benchmarks/ingest.py --sizes 20000,100000   # one row per size: compare memory
    python benchmarks/ingest.py --format txt           # one .txt file per article, nested
    python benchmarks/ingest.py --json                 # JSON rows instead of a table
    python benchmarks/ingest.py --workers 2            # analysis in two worker processes
    python -m cProfile -s cumtime benchmarks/ingest.py --articles 2000 --in-process

`--in-process` ingests in the script's own process (needed for profiling; memory figures
then include corpus generation). JSON Lines records carry text, title, outlet and
published; language is left out so detection runs. Text files carry only the text.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from newsloom import Database, Settings, ingest

# --- word lists -------------------------------------------------------------------------
# Common (news) words per language; sentences are sampled from these.

_WORD_TEXT = {
    "en": """
        the of and to in a is that for it was on with as by at from he she they we said will
        has have had not are were be been this which but or an its their also after about more
        than one two three new first last year years week day government minister president
        people country city state police officials report reports talks agreement economy
        market prices company companies bank rates inflation growth election vote party leader
        leaders law court judge case military army forces war peace attack fire water health
        hospital workers union strike plan plans budget tax money billion million percent could
        would should may might must can did do does when where while because since before
        during over under between against into through up down out only other some many most
        all any each such even still already again just very well now then there here what who
        how why old large small high low long short early late public national local foreign
        international European federal central security support crisis energy oil gas power
        climate weather storm season school students children families women men home house
        family group members council committee meeting statement spokesman spokeswoman sources
        data figures analysts investors shares trade exports imports border region area north
        south east west capital streets residents town village decision measures talks deal
        """,
    "el": """
        ο η το οι τα του της των τον την και να σε με για από που δεν θα είναι ήταν έχει είχε
        έχουν στο στη στην στον στα στις στους ένα μια ένας αλλά ή όπως όταν μετά πριν κατά
        προς χωρίς μέχρι ακόμη ήδη πολύ περισσότερο λιγότερο μόνο επίσης ωστόσο σήμερα χθες
        αύριο χρόνια χρόνο ημέρα εβδομάδα μήνα κυβέρνηση υπουργός πρωθυπουργός πρόεδρος χώρα
        χώρας πόλη περιοχή αστυνομία δήμος δήμαρχος βουλή κόμμα εκλογές ψηφοφορία νόμος
        δικαστήριο απόφαση σχέδιο πρόγραμμα οικονομία αγορά τιμές τράπεζα επιτόκια πληθωρισμός
        ανάπτυξη εταιρεία εργαζόμενοι απεργία συνάντηση συμφωνία διαπραγματεύσεις ανακοίνωση
        δήλωση είπε ανέφερε δήλωσε τόνισε σύμφωνα πηγές στοιχεία ευρώ εκατομμύρια
        δισεκατομμύρια ποσοστό αύξηση μείωση φωτιά πυρκαγιά πυροσβέστες κάτοικοι σπίτια δάσος
        άνεμος καιρός βροχή νερό υγεία νοσοκομείο ασθενείς γιατροί σχολεία μαθητές παιδιά
        οικογένειες γυναίκες άνδρες πολίτες κοινωνία ασφάλεια άμυνα στρατός πόλεμος ειρήνη
        επίθεση κρίση ενέργεια ρεύμα φυσικό αέριο πετρέλαιο κλίμα ευρωπαϊκή ευρωπαϊκής ένωση
        ελληνική ελληνικής διεθνή εθνική τοπική μεγάλη μεγάλο μικρό νέα νέο νέες παλιά πρώτη
        πρώτο τελευταία δεύτερη σημαντική σημαντικό δύσκολη κεντρική δημόσιο δημόσια ιδιωτικό
        μέτρα μέτρων προσπάθεια στόχος αποτέλεσμα αποτελέσματα ερώτηση απάντηση θέμα θέματα
        λόγο λόγω αρχή τέλος πλευρά συνεχίζει παραμένει αναμένεται πρέπει μπορεί μπορούν
        φαίνεται ζητά ζήτησε έδωσε έκανε πήρε βρίσκεται βρίσκονται υπάρχει υπάρχουν γίνεται
        λέει σχετικά μεταξύ εντός εκτός ενώ αφού επειδή όμως
        """,
    "de": """
        der die das und in den von zu mit sich des auf für ist im dem nicht ein eine als auch
        es an er sie wir werden wurde wurden war hat haben hatte sind aus bei nach noch wie
        einem einen einer über so zum zur um nur vor bis durch unter gegen seit ohne mehr sehr
        schon wieder immer dann jetzt heute gestern morgen Jahr Jahre Jahren Tag Woche Monat
        Regierung Minister Ministerin Kanzler Präsident Land Landes Stadt Region Polizei
        Behörden Bundestag Partei Wahl Wahlen Gesetz Gericht Urteil Plan Haushalt Steuer
        Wirtschaft Markt Preise Bank Zinsen Inflation Wachstum Unternehmen Firma Arbeit
        Arbeitnehmer Gewerkschaft Streik Treffen Gespräche Einigung Abkommen Erklärung sagte
        erklärte betonte teilte mit laut Angaben Quellen Daten Zahlen Experten Anleger Aktien
        Handel Export Euro Millionen Milliarden Prozent Anstieg Rückgang Feuer Brand Feuerwehr
        Bewohner Häuser Wald Wind Wetter Regen Wasser Gesundheit Krankenhaus Patienten Ärzte
        Schulen Schüler Kinder Familien Frauen Männer Bürger Gesellschaft Sicherheit
        Verteidigung Armee Krieg Frieden Angriff Krise Energie Strom Gas Öl Klima europäische
        europäischen deutsche deutschen internationale nationale neue neuen alte große großen
        kleine erste ersten letzte zweite wichtige wichtigen schwierige zentrale öffentliche
        private Maßnahmen Ziel Ergebnis Frage Antwort Thema Grund Anfang Ende Seite bleibt
        bleiben soll sollen kann können muss müssen wird will erwartet zeigt fordert forderte
        gab machte nahm gibt liegt steht geht kommt zwischen während weil obwohl aber oder denn
        doch jedoch dabei damit darauf
        """,
    "fr": """
        le la les de des du un une et à en au aux dans sur pour par avec sans sous entre contre
        vers chez selon après avant pendant depuis est sont était étaient a ont avait avaient
        sera seront être avoir fait faire dit déclaré annoncé ajouté il elle ils elles nous on
        qui que dont où ce cette ces son sa ses leur leurs ne pas plus moins très aussi encore
        déjà toujours jamais mais ou donc car alors lors aujourd'hui hier demain année ans jour
        semaine mois gouvernement ministre président premier pays ville région police autorités
        Assemblée parti élection élections loi tribunal décision projet plan budget impôt
        économie marché prix banque taux inflation croissance entreprise entreprises travail
        salariés syndicat grève réunion négociations accord déclaration porte-parole sources
        données chiffres experts investisseurs actions commerce exportations euros millions
        milliards cent hausse baisse incendie feu pompiers habitants maisons forêt vent météo
        pluie eau santé hôpital patients médecins écoles élèves enfants familles femmes hommes
        citoyens société sécurité défense armée guerre paix attaque crise énergie électricité
        gaz pétrole climat européenne européen française français internationale nationale
        nouvelle nouveau nouveaux grande grand petit petite première dernier dernière deuxième
        important importante difficile centrale publique privé mesures objectif résultat
        question réponse sujet raison début fin côté reste restent doit doivent peut peuvent
        devrait pourrait semble demande demandé donne prend trouve notamment cependant
        toutefois ainsi
        """,
    "ru": """
        и в не на что с по к из за от для о у как это его ее их он она они мы вы было был была
        были будет будут может могут должен должны также уже еще только очень более менее все
        всех этот эта эти того после перед во время между против без при через до над под
        сегодня вчера завтра год года лет день неделю месяц правительство министр президент
        премьер страна страны город области полиция власти Госдума партия выборы закон суд
        решение проект план бюджет налог экономика рынок цены банк ставка ставки инфляция рост
        компания компании работа работники профсоюз забастовка встреча переговоры соглашение
        заявление заявил заявила сообщил отметил сказал словам источники данные эксперты
        инвесторы акции торговля экспорт рублей миллионов миллиардов процентов увеличение
        снижение пожар огонь пожарные жители дома лес ветер погода дождь вода здоровье больница
        пациенты врачи школы ученики дети семьи женщины мужчины граждане общество безопасность
        оборона армия война мир нападение кризис энергия электричество газ нефть климат
        европейский европейского российский российской международный национальный новый новая
        новые большой большая малый первый первая последний второй важный важная сложный
        центральный государственный частный меры цель результат вопрос ответ тема причина
        начало конец сторона остается остаются нужно необходимо кажется требует потребовал дал
        сделал взял находится есть становится говорит однако поэтому кроме который которая
        которые чтобы если когда где
        """,
    "es": """
        el la los las de del un una unos y a en al con sin sobre para por entre contra hacia
        según tras antes durante desde es son era eran fue fueron ha han había habían será
        serán ser estar hecho hacer dijo dicho anunciado añadió él ella ellos nosotros se que
        quien donde cuando como este esta estos estas su sus no más menos muy también todavía
        ya siempre nunca pero o porque aunque así hoy ayer mañana año años día semana mes
        gobierno ministro ministra presidente país ciudad región policía autoridades Congreso
        partido elecciones ley tribunal decisión proyecto plan presupuesto impuesto economía
        mercado precios banco tipos inflación crecimiento empresa empresas trabajo trabajadores
        sindicato huelga reunión negociaciones acuerdo declaración portavoz fuentes datos cifras
        expertos inversores acciones comercio exportaciones euros millones ciento subida bajada
        incendio fuego bomberos vecinos casas bosque viento tiempo lluvia agua salud hospital
        pacientes médicos escuelas alumnos niños familias mujeres hombres ciudadanos sociedad
        seguridad defensa ejército guerra paz ataque crisis energía electricidad gas petróleo
        clima europea europeo española español internacional nacional nueva nuevo nuevos grande
        gran pequeño primera primer último última segundo importante difícil central pública
        privado medidas objetivo resultado pregunta respuesta tema razón principio final parte
        sigue siguen debe deben puede pueden parece pide pidió dio hizo tomó encuentra hay
        embargo además mientras
        """,
}
WORDS: dict[str, tuple[str, ...]] = {code: tuple(text.split()) for code, text in _WORD_TEXT.items()}
LANGUAGES = tuple(WORDS)

OUTLETS: dict[str, tuple[str, ...]] = {
    "en": ("Reuters", "Associated Press", "BBC News", "The Guardian", "Bloomberg"),
    "el": ("Καθημερινή", "Τα Νέα", "ΕΡΤ", "Ναυτεμπορική", "in.gr"),
    "de": ("Der Spiegel", "Süddeutsche Zeitung", "Deutsche Welle", "Handelsblatt", "FAZ"),
    "fr": ("Le Monde", "Le Figaro", "France 24", "Les Echos", "Libération"),
    "ru": ("ТАСС", "РБК", "Интерфакс", "Коммерсантъ", "РИА Новости"),
    "es": ("El País", "EFE", "RTVE", "Cinco Días", "El Mundo"),
}
TAGS = ("A", "AP", "EN", "B", "ΔΤ", "Ф", "PR", "X")  # stray one- or two-letter tag lines

ARTICLE_WORDS = 600
NOISE_SHARE = 0.3  # share of articles with scrape noise
DUPLICATE_BLOCK = 10  # one planted near-duplicate in every block of ten articles: 10%
DUPLICATE_WINDOW = 5000  # a near-duplicate copies an article at most this many places back
TRUNCATED_SHARE = 0.6  # a truncated copy keeps this share of the paragraphs
JSONL_PER_FILE = 1000
BASE_TIME = datetime(2024, 1, 1, tzinfo=UTC)
MIB = 1024 * 1024


# --- synthetic corpus -------------------------------------------------------------------


@dataclass
class Article:
    number: int
    language: str
    outlet: str
    published: datetime
    title: str
    paragraphs: list[list[str]]  # the sentences of each paragraph


@dataclass
class Planted:
    """A planted near-duplicate: article `copy` copies article `original`."""

    copy: int
    original: int
    kind: str  # "edited" (one sentence changed) or "truncated"


def _capitalised(words: list[str]) -> list[str]:
    return [words[0][:1].upper() + words[0][1:], *words[1:]]


def sentence(rng: random.Random, language: str) -> str:
    """8-20 words ending with a full stop, now and then a number or a comma inside."""
    words = [rng.choice(WORDS[language]) for _ in range(rng.randint(8, 20))]
    if rng.random() < 0.2:
        words.insert(rng.randint(1, len(words) - 1), str(rng.randint(2, 2024)))
    if rng.random() < 0.3:
        words[rng.randint(2, len(words) - 3)] += ","
    return " ".join(_capitalised(words)) + "."


def paragraph(rng: random.Random, language: str, target_words: int) -> list[str]:
    sentences: list[str] = []
    count = 0
    while count < target_words - 7:  # sentences average 14 words: stop about half a one early
        sentences.append(sentence(rng, language))
        count += sentences[-1].count(" ") + 1
    return sentences


def headline(rng: random.Random, language: str) -> str:
    """6-12 words, no final punctuation, so cleaning sees a heading."""
    words = [rng.choice(WORDS[language]) for _ in range(rng.randint(6, 12))]
    return " ".join(_capitalised(words))


def caption(rng: random.Random, language: str) -> str:
    words = [rng.choice(WORDS[language]) for _ in range(rng.randint(6, 14))]
    return " ".join(_capitalised(words)) + " (AFP)"


def original_article(seed: int, number: int) -> Article:
    """Article `number` as first published; regenerated on demand, never kept."""
    rng = random.Random(f"{seed}:article:{number}")
    language = rng.choice(LANGUAGES)
    count = rng.randint(6, 10)
    per_paragraph = ARTICLE_WORDS // count
    return Article(
        number=number,
        language=language,
        outlet=rng.choice(OUTLETS[language]),
        published=BASE_TIME + timedelta(minutes=5 * number + rng.randint(0, 240)),
        title=headline(rng, language),
        paragraphs=[
            paragraph(rng, language, rng.randint(per_paragraph * 4 // 5, per_paragraph * 6 // 5))
            for _ in range(count)
        ],
    )


def is_planted_copy(seed: int, number: int) -> bool:
    block = random.Random(f"{seed}:block:{number // DUPLICATE_BLOCK}")
    return number % DUPLICATE_BLOCK == block.randrange(1, DUPLICATE_BLOCK)


def near_duplicate(seed: int, number: int) -> tuple[Article, Planted]:
    """Article `number` as another outlet's copy of an earlier original."""
    rng = random.Random(f"{seed}:copy:{number}")
    source_number = rng.randrange(max(0, number - DUPLICATE_WINDOW), number)
    if is_planted_copy(seed, source_number):
        source_number -= 1  # copies sit at offsets 1-9 of a block, so this one is an original
    source = original_article(seed, source_number)
    paragraphs = [list(p) for p in source.paragraphs]
    if rng.random() < 0.5:
        kind = "edited"
        index = rng.randrange(len(paragraphs))
        paragraphs[index][rng.randrange(len(paragraphs[index]))] = sentence(rng, source.language)
    else:
        kind = "truncated"
        paragraphs = paragraphs[: max(1, int(len(paragraphs) * TRUNCATED_SHARE))]
    article = Article(
        number=number,
        language=source.language,
        outlet=rng.choice([o for o in OUTLETS[source.language] if o != source.outlet]),
        published=source.published + timedelta(minutes=rng.randint(5, 600)),
        title=source.title,
        paragraphs=paragraphs,
    )
    return article, Planted(number, source_number, kind)


def generate(seed: int, count: int) -> Iterator[tuple[Article, Planted | None]]:
    """The corpus, one article at a time."""
    for number in range(count):
        if number and is_planted_copy(seed, number):
            yield near_duplicate(seed, number)
        else:
            yield original_article(seed, number), None


def body_text(seed: int, article: Article) -> str:
    """The article's body as scraped: paragraphs, and for some articles the usual noise."""
    lines = [" ".join(p) for p in article.paragraphs]
    rng = random.Random(f"{seed}:noise:{article.number}")
    if rng.random() < NOISE_SHARE:
        photo = caption(rng, article.language)
        at = rng.randint(1, min(2, len(lines)))
        lines[at:at] = [photo, photo]
        lines.insert(rng.randint(1, len(lines)), rng.choice(TAGS))
        lines.insert(0, article.title)  # the headline again, at the top of the body
    return "\n\n".join(lines)


@dataclass
class Corpus:
    path: Path
    files: int = 0
    bytes: int = 0
    planted: int = 0


def write_corpus(root: Path, planted_file: TextIO, fmt: str, seed: int, count: int) -> Corpus:
    """Stream `count` articles to files under `root`; planted pairs go to `planted_file`."""
    corpus = Corpus(root)
    root.mkdir(parents=True)
    handle: TextIO | None = None
    try:
        for article, planted in generate(seed, count):
            if planted:
                planted_file.write(f"{planted.copy}\t{planted.original}\t{planted.kind}\n")
                corpus.planted += 1
            text = body_text(seed, article)
            if fmt == "jsonl":
                if article.number % JSONL_PER_FILE == 0:
                    if handle:
                        handle.close()
                    name = f"part-{article.number // JSONL_PER_FILE:05d}.jsonl"
                    handle = (root / name).open("w", encoding="utf-8")
                    corpus.files += 1
                record = {
                    "title": article.title,
                    "text": text,
                    "outlet": article.outlet,
                    "published": article.published.isoformat(),
                }
                line = json.dumps(record, ensure_ascii=False) + "\n"
                handle.write(line)
                corpus.bytes += len(line.encode("utf-8"))
            else:
                folder = root / f"{article.number // 1000:03d}" / article.language
                folder.mkdir(parents=True, exist_ok=True)
                data = f"{article.title}\n\n{text}\n".encode()
                (folder / f"{article.number:07d}.txt").write_bytes(data)
                corpus.files += 1
                corpus.bytes += len(data)
    finally:
        if handle:
            handle.close()
    return corpus


def article_number(source: str) -> int | None:
    """The generator's number for a stored article, from its source name."""
    name = os.path.basename(source)
    match = re.match(r"part-(\d+)\.jsonl:(\d+)$", name)
    if match:
        return int(match[1]) * JSONL_PER_FILE + int(match[2]) - 1
    match = re.match(r"(\d+)\.txt\b", name)
    return int(match[1]) if match else None


# --- measuring --------------------------------------------------------------------------


def peak_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds of this process, and of its finished children (the ingest's workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time(), children.ru_utime + children.ru_stime


def measure_ingest(
    corpus: Path, db_path: Path, pipeline: tuple[str, ...], workers: int
) -> dict[str, Any]:
    """Ingest `corpus` into a new database at `db_path`, timing it; run in a fresh process."""
    rss_before = peak_rss_kib()
    db = Database(db_path)
    wall_start, (own_start, workers_start) = time.perf_counter(), cpu_seconds()
    report = ingest(db, [str(corpus)], Settings(pipeline=pipeline, workers=workers))
    wall, (own, in_workers) = time.perf_counter() - wall_start, cpu_seconds()
    db.close()
    return {
        "seconds": wall,
        "cpu_seconds": own - own_start + in_workers - workers_start,
        "writer_cpu_seconds": own - own_start,
        "rss_before_kib": rss_before,
        "peak_rss_kib": peak_rss_kib(),
        "inputs": report.inputs,
        "added": report.added,
        "already_stored": report.already_stored,
        "inputs_unchanged": report.inputs_unchanged,
        "duplicates_linked": report.duplicates,
        "problems": len(report.problems),
        "fatal_problems": sum(p.fatal for p in report.problems),
        "first_problems": [str(p) for p in report.problems[:5]],
    }


def measure_in_child(
    corpus: Path, db_path: Path, pipeline: tuple[str, ...], workers: int
) -> dict[str, Any]:
    """`measure_ingest` in a new interpreter running this script, so its peak RSS is its own."""
    script = str(Path(__file__).resolve())
    command = [
        sys.executable,
        script,
        "--worker",
        str(corpus),
        str(db_path),
        "--pipeline",
        ",".join(pipeline),
        "--workers",
        str(workers),
    ]
    finished = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(finished.stdout.strip().splitlines()[-1])


def duplicate_quality(db_path: Path, planted_path: Path) -> dict[str, Any]:
    """How many planted near-duplicates ended up in their original's group, and stray links.

    Recall is over the copies stored. Two truncated copies of one original can be identical;
    in text files, which carry no outlet, the second then has the first's article id ("already
    stored") or the same bytes ("inputs unchanged") and is not stored. Those are counted apart.
    """
    group: dict[int, str] = {}  # article number -> id of its group's original
    linked: set[int] = set()
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as conn:
        for source, article_id, duplicate_of in conn.execute(
            "SELECT source, id, duplicate_of FROM articles"
        ):
            number = article_number(source)
            if number is None:
                continue
            group[number] = duplicate_of or article_id
            if duplicate_of:
                linked.add(number)
    planted = {"edited": 0, "truncated": 0}
    found = {"edited": 0, "truncated": 0}
    not_stored = 0
    involved: set[int] = set()
    with planted_path.open(encoding="utf-8") as lines:
        for line in lines:
            copy_text, original_text, kind = line.split()
            copy, original = int(copy_text), int(original_text)
            involved.update((copy, original))
            if copy not in group:
                not_stored += 1
                continue
            planted[kind] += 1
            found[kind] += group[copy] == group.get(original)

    def share(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    return {
        "planted": sum(planted.values()) + not_stored,
        "planted_stored": sum(planted.values()),
        "planted_not_stored": not_stored,
        "found": sum(found.values()),
        "recall": share(sum(found.values()), sum(planted.values())),
        "recall_edited": share(found["edited"], planted["edited"]),
        "recall_truncated": share(found["truncated"], planted["truncated"]),
        "false_links": len(linked - involved),
    }


def database_bytes(db_path: Path) -> int:
    return sum(
        os.path.getsize(p)
        for p in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm"))
        if p.exists()
    )


def run_size(count: int, args: argparse.Namespace) -> dict[str, Any]:
    """Generate a corpus of `count` articles, ingest it, and return the row of figures."""
    workdir = Path(tempfile.mkdtemp(prefix=f"newsloom-bench-{count}-", dir=args.workdir))
    try:
        planted_path = workdir / "planted.tsv"
        db_path = workdir / "bench.db"
        log(f"{count} articles: writing {args.format} corpus under {workdir}")
        start = time.perf_counter()
        with planted_path.open("w", encoding="utf-8") as planted_file:
            corpus = write_corpus(workdir / "corpus", planted_file, args.format, args.seed, count)
        generate_seconds = time.perf_counter() - start
        log(f"{count} articles: written in {generate_seconds:.1f} s; ingesting")
        measure = measure_ingest if args.in_process else measure_in_child
        result = measure(corpus.path, db_path, args.pipeline, args.workers)
        quality = duplicate_quality(db_path, planted_path)
        return {
            "articles": count,
            "format": args.format,
            "seconds": round(result["seconds"], 2),
            "articles_per_s": round(count / result["seconds"], 1),
            "cpu_seconds": round(result["cpu_seconds"], 2),
            "writer_cpu_seconds": round(result["writer_cpu_seconds"], 2),
            "workers": args.workers,
            "articles_per_cpu_s": round(count / result["cpu_seconds"], 1),
            "peak_rss_mb": round(result["peak_rss_kib"] / 1024, 1),
            "rss_before_ingest_mb": round(result["rss_before_kib"] / 1024, 1),
            "db_mb": round(database_bytes(db_path) / MIB, 1),
            "corpus_mb": round(corpus.bytes / MIB, 1),
            "corpus_files": corpus.files,
            "generate_seconds": round(generate_seconds, 2),
            "added": result["added"],
            "already_stored": result["already_stored"],
            "inputs_unchanged": result["inputs_unchanged"],
            "duplicates_linked": result["duplicates_linked"],
            **quality,
            "problems": result["problems"],
            "fatal_problems": result["fatal_problems"],
            "first_problems": result["first_problems"],
            "in_process": args.in_process,
        }
    finally:
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


# --- output -----------------------------------------------------------------------------

COLUMNS = (  # (heading, key, format)
    ("articles", "articles", "{:d}"),
    ("seconds", "seconds", "{:.1f}"),
    ("art/s wall", "articles_per_s", "{:.0f}"),
    ("art/s/core", "articles_per_cpu_s", "{:.0f}"),
    ("peak RSS MB", "peak_rss_mb", "{:.0f}"),
    ("DB MB", "db_mb", "{:.0f}"),
    ("dups linked", "duplicates_linked", "{:d}"),
    ("planted found", "found_of_planted", "{}"),
    ("recall", "recall", "{:.3f}"),
    ("false links", "false_links", "{:d}"),
    ("problems", "problems", "{:d}"),
)


def print_table(rows: list[dict[str, Any]]) -> None:
    cells = [[heading for heading, _, _ in COLUMNS]]
    for row in rows:
        values = dict(row, found_of_planted=f"{row['found']}/{row['planted_stored']}")
        cells.append(
            ["-" if values[key] is None else fmt.format(values[key]) for _, key, fmt in COLUMNS]
        )
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    for line in cells:
        print("  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=True)))
    print(
        "\nart/s/core is articles per CPU-second, the CPU time of the ingest process and its "
        "workers together. Peak RSS is the ingest process's, measured in a fresh process per size"
        + (" (here: in-process, includes corpus generation)." if rows[0]["in_process"] else ".")
    )
    for row in rows:
        if row["workers"] > 1:
            print(
                f"{row['articles']}: {row['workers']} workers; the writer (ingest process) used "
                f"{row['writer_cpu_seconds']:.1f} of {row['cpu_seconds']:.1f} CPU seconds"
            )
        print(
            f"{row['articles']}: RSS before ingest {row['rss_before_ingest_mb']:.0f} MB; "
            f"corpus {row['corpus_mb']:.0f} MB in {row['corpus_files']} {row['format']} files; "
            f"{row['added']} added, {row['already_stored']} already stored, "
            f"{row['inputs_unchanged']} files unchanged; recall of planted "
            f"copies: edited {_share(row['recall_edited'])}, "
            f"truncated {_share(row['recall_truncated'])}"
        )
        if row["planted_not_stored"]:
            print(
                f"  {row['planted_not_stored']} planted copies not stored: identical to an earlier "
                "copy (same article id, or in text files the same bytes), so not counted in recall"
            )
        for problem in row["first_problems"]:
            print(f"  problem: {problem}")


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_sizes(text: str) -> list[int]:
    sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be positive integers, e.g. 20000,100000")
    return sizes


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Measure newsloom ingest throughput and peak memory on a synthetic corpus."
    )
    parser.add_argument("--articles", type=int, default=20_000, help="corpus size (default 20000)")
    parser.add_argument(
        "--sizes", type=parse_sizes, help="several corpus sizes, e.g. 20000,100000 (one row each)"
    )
    parser.add_argument(
        "--format",
        choices=("jsonl", "txt"),
        default="jsonl",
        help=f"JSON Lines, {JSONL_PER_FILE} articles a file (default), or one .txt per article",
    )
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument(
        "--pipeline",
        type=lambda text: tuple(text.split(",")),
        default=Settings().pipeline,
        help="components to run, comma-separated (default: %(default)s); "
        "language,sentences,dates measures ingest without entities",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="analysis processes (Settings.workers; default 1: all in the ingest process)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object per size")
    parser.add_argument("--workdir", help="where to write corpora and databases (default: temp)")
    parser.add_argument("--keep", action="store_true", help="keep corpus and database files")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="ingest in this process instead of a child (for profiling; RSS then includes "
        "corpus generation)",
    )
    parser.add_argument("--worker", nargs=2, metavar=("CORPUS", "DB"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        corpus, db_path = args.worker
        print(json.dumps(measure_ingest(Path(corpus), Path(db_path), args.pipeline, args.workers)))
        return 0
    rows = []
    for count in args.sizes or [args.articles]:
        row = run_size(count, args)
        rows.append(row)
        if args.json:
            print(json.dumps(row, ensure_ascii=False), flush=True)
    if not args.json:
        print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
