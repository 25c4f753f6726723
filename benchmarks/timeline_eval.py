"""Entity timelines on SemEval-2015 Task 4 (TimeLine: cross-document event ordering), Track B.

What is measured
----------------
For each of the three evaluation corpora (30 English Wikinews articles each) and each target
entity listed in `list_target_entities_corpus_N.txt`, the system builds the entity's timeline:
the gold event mentions of the Track B CAT files (`corpus_trackB_CAT`) that concern the entity,
each anchored to a date and ordered. Then the timeline is scored against the gold timeline
(`TimeLines_Gold_Standard/<entity>.txt`) with temporal-awareness F1 (UzZaman & Allen 2011), the
metric of the task. Figures are printed per corpus (counts summed over the corpus's timelines)
and overall (micro over all timelines, macro over the three corpora).

The system (newsloom's default pipeline, nothing trained on this data):
  * Each CAT document becomes a newsloom text: sentence 0 is the title, sentence 1 is the
    publication date (not part of the text; parsed with `newsloom.analyze.dates.find_date`), the
    other sentences are the body, tokens joined with spaces and the tokeniser's spaces before
    punctuation undone. Each CAT sentence keeps its character offset, so every newsloom mention
    falls in a CAT sentence; gold events are named `docid-sentence-token` as in the gold files.
  * Selection (`--select`): an event joins an entity's timeline when its sentence names the
    entity. `mentions`: a newsloom mention (as written, or a person's fullest name) contains the
    target name, compared case- and accent-insensitively ("Airbus A380" counts for "Airbus").
    `aliases` (default) adds shorter names: the target's initials ("NYSE"), any run of two or more
    of its words ("Air Force") that is not itself a target, and a PER mention with the target's
    last word ("Henderson"). `substring`: the folded target name occurs in the sentence text.
    `either`: `aliases` or `substring`. `gold`: the gold timeline's own events, a diagnostic that
    measures anchoring and ordering alone.
  * Assignment (`--assign`): `nearest` (default) keeps an event only for the targets named
    closest to it in tokens (ties keep all), since a sentence naming Boeing and Airbus usually
    tells one's events, not both; `all` gives it to every target the sentence names.
  * Anchoring: the first complete date newsloom finds in the event's sentence, else the
    document's publication date. No event is left unanchored (position 0).
  * Ordering (`--same-date`): by date, then document, then token; each event on its own line.
    `together` (default) gives events with the same date the same position (simultaneous);
    `separate` gives each line its own position, so same-date events follow document order.

The scorer (a re-implementation; the task's own evaluation tool is not used)
------------------------------------------------------------------------------
A timeline becomes a relation graph over event mentions (`docid-sentence-token`) and date nodes:
  * events on one line are SIMULTANEOUS (coreferent); lines with the same position number are
    SIMULTANEOUS too; position groups in increasing order are linked by BEFORE (consecutive
    groups only, between the first events of the groups: the reduced graph);
  * each position group with a known date is INCLUDED in a node for that date (one relation,
    from the date to the group's first event; partial dates such as 2005-01-XX are nodes of
    their own); position 0 (XXXX-XX-XX, not placed on the timeline) has no BEFORE and no date
    relation, only the SIMULTANEOUS links of its own line.
The closure merges SIMULTANEOUS classes, makes BEFORE transitive over the classes and passes
INCLUDES on to every member of a class. Precision = share of the system's reduced relations that
the gold closure entails; recall = share of the gold's reduced relations that the system
closure entails; F1 their harmonic mean.
Simplifications next to the official scorer: no TimeML files or Timegraph (relations are
built and closed directly); date nodes are not ordered among themselves and INCLUDES is not
composed with BEFORE; the reduced graph is the construction above (first event of a group as
its representative) rather than a general graph reduction; counts are summed over a corpus's
timelines before dividing. Figures are therefore not identical with the official scorer's; the
official tool was not available here to measure the difference.

Usage:
    python benchmarks/timeline_eval.py [--data ../shared/data/stories/semeval2015-timeline-en]
        [--select mentions|aliases|substring|either|gold] [--assign nearest|all]
        [--same-date together|separate] [--json]
The trial corpus (Apple, 6 timelines) is scored too and used for development; the corpus_1-3
figures (micro: counts summed over all timelines; macro: mean of the three corpora) exclude it.
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from newsloom import Pipeline, Settings
from newsloom.analyze.dates import find_date
from newsloom.ingest import read_text
from newsloom.normalize import fold

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/data/stories/semeval2015-timeline-en"
UNKNOWN_DATE = "XXXX-XX-XX"


# --- timelines and their relation graphs ------------------------------------------------------


@dataclass
class Line:
    """One timeline line: a position (0 = not placed), a date and coreferent event mentions."""

    position: int
    date: str
    events: list[str]


@dataclass
class Graph:
    """Temporal relations of one timeline: the reduced relations and the closure to test against."""

    reduced: set[tuple] = field(default_factory=set)
    event_class: dict[str, int] = field(default_factory=dict)  # event -> SIMULTANEOUS class
    before: set[tuple[int, int]] = field(default_factory=set)  # closed over classes
    class_dates: dict[int, set[str]] = field(default_factory=dict)

    def entails(self, relation: tuple) -> bool:
        kind, a, b = relation
        if kind == "INCLUDES":  # (INCLUDES, date, event)
            return b in self.event_class and a in self.class_dates.get(self.event_class[b], ())
        if a not in self.event_class or b not in self.event_class:
            return False
        ca, cb = self.event_class[a], self.event_class[b]
        if kind == "SIMULTANEOUS":
            return ca == cb
        return (ca, cb) in self.before


def parse_timeline(text: str) -> list[Line]:
    """Lines of a timeline file (`position<TAB>date<TAB>event...`); a first line without tabs
    (the entity's name, as in the gold files) is skipped."""
    lines = []
    for row in text.splitlines():
        fields = row.strip().split("\t")
        if len(fields) < 3 or not fields[0].isdigit():
            continue
        lines.append(Line(int(fields[0]), fields[1], fields[2:]))
    return lines


def timeline_graph(lines: Iterable[Line]) -> Graph:
    """The reduced relations of a timeline and their closure (see the module docstring)."""
    lines = list(lines)
    reduced: set[tuple] = set()
    groups: list[list[str]] = []  # SIMULTANEOUS groups: one per placed position, one per 0-line
    group_dates: list[set[str]] = []
    placed: dict[int, int] = {}  # position -> group index
    for line in lines:
        if line.position == 0:
            groups.append(list(line.events))
            group_dates.append(set())
            continue
        if line.position not in placed:
            placed[line.position] = len(groups)
            groups.append([])
            group_dates.append(set())
        groups[placed[line.position]].extend(line.events)
        if line.date != UNKNOWN_DATE:
            group_dates[placed[line.position]].add(line.date)
    for index, members in enumerate(groups):
        members[:] = sorted(dict.fromkeys(members))
        for a, b in pairwise(members):
            reduced.add(("SIMULTANEOUS", a, b))
        for day in group_dates[index]:
            reduced.add(("INCLUDES", day, members[0]))
    ordered = [placed[p] for p in sorted(placed)]
    for earlier, later in pairwise(ordered):
        reduced.add(("BEFORE", groups[earlier][0], groups[later][0]))
    return close(reduced, groups)


def close(reduced: set[tuple], groups: list[list[str]]) -> Graph:
    """Closure: SIMULTANEOUS classes (union-find), BEFORE transitive over classes, dates on classes."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for members in groups:
        for event in members:
            find(event)
    for kind, a, b in reduced:
        if kind == "SIMULTANEOUS":
            parent[find(a)] = find(b)
    roots = sorted({find(e) for e in parent})
    class_of = {root: i for i, root in enumerate(roots)}
    event_class = {e: class_of[find(e)] for e in parent}
    edges: dict[int, set[int]] = defaultdict(set)
    class_dates: dict[int, set[str]] = defaultdict(set)
    for kind, a, b in reduced:
        if kind == "BEFORE":
            edges[event_class[a]].add(event_class[b])
        elif kind == "INCLUDES":
            class_dates[event_class[b]].add(a)
    before = {(start, end) for start in list(edges) for end in _reachable(start, edges)}
    return Graph(reduced, event_class, before, dict(class_dates))


def _reachable(start: int, edges: dict[int, set[int]]) -> set[int]:
    seen: set[int] = set()
    stack = list(edges.get(start, ()))
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(edges.get(node, ()))
    return seen


@dataclass
class Counts:
    """Numerators and denominators of temporal-awareness precision and recall."""

    system_entailed: int = 0
    system_total: int = 0
    gold_entailed: int = 0
    gold_total: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        self.system_entailed += other.system_entailed
        self.system_total += other.system_total
        self.gold_entailed += other.gold_entailed
        self.gold_total += other.gold_total
        return self

    def scores(self) -> tuple[float, float, float]:
        p = self.system_entailed / self.system_total if self.system_total else 0.0
        r = self.gold_entailed / self.gold_total if self.gold_total else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def compare(system: list[Line], gold: list[Line]) -> Counts:
    """Temporal-awareness counts of one system timeline against its gold timeline."""
    system_graph, gold_graph = timeline_graph(system), timeline_graph(gold)
    return Counts(
        sum(gold_graph.entails(r) for r in system_graph.reduced),
        len(system_graph.reduced),
        sum(system_graph.entails(r) for r in gold_graph.reduced),
        len(gold_graph.reduced),
    )


def named(scores) -> dict[str, float]:
    return dict(zip(("precision", "recall", "f1"), scores, strict=True))


def timeline_f1(system: list[Line], gold: list[Line]) -> tuple[float, float, float]:
    return compare(system, gold).scores()


# --- the corpus ------------------------------------------------------------------------------


@dataclass
class Event:
    mention: str  # docid-sentence-token(s), as the gold files write it
    sentence: int
    first_token: int
    offset: int  # character offset of its first token in its sentence's text


@dataclass
class CatDocument:
    doc_id: str
    published: str  # ISO date
    sentence_texts: dict[int, str]  # sentence number -> its tokens, detokenised
    token_starts: dict[int, list[int]]  # sentence number -> character offset of each token
    events: list[Event]


_NO_SPACE_BEFORE = re.compile(r"^(?:[,.;:!?)%]|'s|n't)$")


def join_tokens(words: list[str]) -> tuple[str, list[int]]:
    """The sentence as written ("May 07, 2010", not "May 07 , 2010", so dates read) and the
    character offset of each token in it."""
    text, starts = "", []
    for i, word in enumerate(words):
        if i and not _NO_SPACE_BEFORE.match(word) and words[i - 1] not in ("(", "$"):
            text += " "
        starts.append(len(text))
        text += word
    return text, starts


def read_cat(path: Path) -> CatDocument:
    """A Track B CAT file: its tokens by sentence, its date line and its gold event mentions."""
    root = ET.parse(path).getroot()
    doc_id = root.get("doc_id") or path.name.split("_")[0]
    tokens = {t.get("t_id"): t for t in root.iter("token")}
    by_sentence: dict[int, list[str]] = defaultdict(list)
    index_in_sentence: dict[str, int] = {}
    for token in root.iter("token"):
        words = by_sentence[int(token.get("sentence"))]
        index_in_sentence[token.get("t_id")] = len(words)
        words.append(token.text or "")
    joined = {s: join_tokens(words) for s, words in by_sentence.items()}
    texts = {s: text for s, (text, _) in joined.items()}
    starts = {s: offsets for s, (_, offsets) in joined.items()}
    published = find_date(texts.get(1, ""), "en")
    if published is None:
        raise ValueError(f"no date in sentence 1 ({texts.get(1, '')!r})")
    events = []
    for markable in root.iter("EVENT_MENTION"):
        anchors = [tokens[a.get("t_id")] for a in markable.iter("token_anchor")]
        if not anchors:
            continue
        sentence = int(anchors[0].get("sentence"))
        words = "_".join(a.text or "" for a in anchors)
        first = anchors[0].get("t_id")
        offset = starts[sentence][index_in_sentence[first]]
        events.append(Event(f"{doc_id}-{sentence}-{words}", sentence, int(first), offset))
    return CatDocument(doc_id, published, texts, starts, events)


def analysed(doc: CatDocument, pipeline) -> dict[int, list[Found]]:
    """Mentions newsloom finds, by CAT sentence."""
    starts: dict[int, int] = {}  # CAT sentence -> offset in the text given to newsloom
    body_parts, offset = [], 0
    for number in sorted(s for s in doc.sentence_texts if s > 1):
        starts[number] = offset
        body_parts.append(doc.sentence_texts[number])
        offset += len(doc.sentence_texts[number]) + 1
    title = doc.sentence_texts.get(0, "")
    analysed_doc = pipeline(read_text(" ".join(body_parts), title=title, language="en"))
    body_start = analysed_doc.body_start
    bounds = sorted((start + body_start, number) for number, start in starts.items())
    found: dict[int, list[Found]] = defaultdict(list)
    for mention in analysed_doc.mentions:
        if mention.start < body_start:  # the title: CAT sentence 0, at the start of the text
            found[0].append(Found(mention.text, mention.name, mention.type, mention.start))
            continue
        start, sentence = max(b for b in bounds if b[0] <= mention.start)
        found[sentence].append(
            Found(mention.text, mention.name, mention.type, mention.start - start)
        )
    return found


@dataclass
class Found:
    """A mention newsloom found: as written, the fullest form of a person's name, its type."""

    text: str
    name: str | None
    type: str
    offset: int  # in its CAT sentence's text


@dataclass
class Target:
    """A target entity and the shorter names that may stand for it in `aliases` selection."""

    name: str
    aliases: set[str]  # folded; compared with whole mention texts
    surname: str  # folded last word; matched against PER mentions only

    @classmethod
    def of(cls, name: str, targets: Iterable[str]) -> Target:
        """Aliases: the initials ("NYSE", "GM") and every run of two or more of the name's words
        ("Air Force", "Dow Jones"), except runs that are themselves targets ("Airbus" is not an
        alias of "Airbus A380" when Airbus is a target too)."""
        words = fold(name).split()
        others = {fold(t) for t in targets} - {fold(name)}
        runs = {
            " ".join(words[i:j])
            for i in range(len(words))
            for j in range(i + 2, len(words) + 1)
            if j - i < len(words)
        }
        initials = "".join(w[0] for w in name.split() if w[0].isupper())
        aliases = runs | ({fold(initials)} if len(initials) >= 2 else set())
        return cls(name, aliases - others, words[-1] if len(words) > 1 else "")

    def named_in(self, mentions: list[Found], aliases: bool) -> list[int]:
        """Offsets of the mentions that name the target."""
        return [m.offset for m in mentions if self.names(m, aliases)]

    def names(self, mention: Found, aliases: bool) -> bool:
        written = [fold(c) for c in (mention.text, mention.name) if c]
        if any(fold(self.name) in candidate for candidate in written):
            return True
        return aliases and (
            any(candidate in self.aliases for candidate in written)
            or (
                mention.type == "PER"
                and bool(self.surname)
                and written[-1].split()[-1:] == [self.surname]
            )
        )


def where_named(target: Target, mentions: list[Found], sentence: str, select: str) -> list[int]:
    """Offsets in the sentence where it names the target, as `select` finds names."""
    in_text = [m.start() for m in re.finditer(re.escape(fold(target.name)), fold(sentence))]
    if select == "substring":
        return in_text
    by_mention = target.named_in(mentions, aliases=select != "mentions")
    return by_mention + in_text if select == "either" else by_mention


def distance(event: Event, offsets: list[int], token_starts: list[int]) -> int | None:
    """Tokens between the event and the closest of these names (None: no name)."""
    if not offsets:
        return None
    event_token = bisect.bisect_right(token_starts, event.offset) - 1
    return min(abs(bisect.bisect_right(token_starts, o) - 1 - event_token) for o in offsets)


def joins(
    target: Target, others: list[Target], event: Event, doc: CatDocument, found, args
) -> bool:
    """Whether the event joins the target's timeline: its sentence names the target and, with
    `--assign nearest`, no other target is named closer to the event."""
    mentions = found[doc.doc_id].get(event.sentence, [])
    sentence = doc.sentence_texts.get(event.sentence, "")
    starts = doc.token_starts[event.sentence]
    own = distance(event, where_named(target, mentions, sentence, args.select), starts)
    if own is None or args.assign == "all":
        return own is not None
    for other in others:
        theirs = distance(event, where_named(other, mentions, sentence, args.select), starts)
        if theirs is not None and theirs < own:
            return False
    return True


def build_timeline(
    target: Target,
    others: list[Target],
    docs: list[CatDocument],
    found: dict[str, dict],
    args,
    gold_events: set[str],
) -> list[Line]:
    """The system timeline of one target entity (see the module docstring); `--select gold`
    takes the gold timeline's events, to measure anchoring and ordering alone."""
    selected = []
    for doc in docs:
        for event in doc.events:
            if (
                event.mention in gold_events
                if args.select == "gold"
                else joins(target, others, event, doc, found, args)
            ):
                sentence = doc.sentence_texts.get(event.sentence, "")
                anchored = find_date(sentence, "en") or doc.published
                selected.append((anchored, int(doc.doc_id), event.first_token, event.mention))
    selected.sort()
    lines: list[Line] = []
    for day, _, _, mention in selected:
        together = args.same_date == "together" and lines and lines[-1].date == day
        position = lines[-1].position + (0 if together else 1) if lines else 1
        lines.append(Line(position, day, [mention]))
    return lines


def gold_timelines(gold_dir: Path) -> dict[str, list[Line]]:
    """Gold timelines by file name ("s&p_500") and by the entity name on their first line (one
    header misspells its entity, so both are kept)."""
    timelines = {}
    for path in sorted(gold_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        lines = parse_timeline(text)
        timelines.setdefault(path.stem.lower(), lines)
        if text.strip():
            timelines.setdefault(file_key(text.splitlines()[0]), lines)
    return timelines


def file_key(name: str) -> str:
    return "_".join(fold(name).split())


def evaluate_corpus(
    name: str, cat_dir: Path, gold_dir: Path, targets: list[str], pipeline, args
) -> dict:
    docs = []
    for path in sorted(cat_dir.glob("*.xml")):
        try:
            docs.append(read_cat(path))
        except (ET.ParseError, ValueError, KeyError) as error:
            print(f"skipped {path}: {error}", file=sys.stderr)
    found = {doc.doc_id: analysed(doc, pipeline) for doc in docs}
    gold = gold_timelines(gold_dir)
    total, entities = Counts(), {}
    for target in targets:
        if file_key(target) not in gold:
            print(f"{name}: no gold timeline for {target!r}", file=sys.stderr)
            continue
        truth = gold[file_key(target)]
        events = {event for line in truth for event in line.events}
        others = [Target.of(t, targets) for t in targets if t != target]
        system = build_timeline(Target.of(target, targets), others, docs, found, args, events)
        counts = compare(system, truth)
        total += counts
        entities[target] = {"events": sum(len(line.events) for line in system),
                            "gold_events": len(events),
                            **named(counts.scores())}  # fmt: skip
    return {"documents": len(docs), "counts": total, "entities": entities}


def corpora(data: Path) -> Iterable[tuple[str, Path, Path, list[str]]]:
    """(name, CAT folder, gold folder, targets): the trial corpus first, then corpus_1 to 3."""
    trial_gold = data / "TimeLines_trial_data_task4_v1.2"
    if trial_gold.is_dir():
        names = [p.read_text(encoding="utf-8").splitlines()[0].strip()
                 for p in sorted(trial_gold.glob("*.txt"))]  # fmt: skip
        yield "trial", data / "Corpus-trial-data_task4_events_timelines", trial_gold, names
    for corpus in sorted(p for p in (data / "SemEval_Task4_data").glob("corpus_*") if p.is_dir()):
        listing = next(corpus.glob("list_target_entities_corpus_*.txt"))
        targets = [t.strip() for t in listing.read_text(encoding="utf-8").splitlines() if t.strip()]
        yield corpus.name, corpus / "corpus_trackB_CAT", corpus / "TimeLines_Gold_Standard", targets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data", default=str(DEFAULT_DATA), help="the semeval2015-timeline-en folder"
    )
    parser.add_argument(
        "--select",
        choices=("mentions", "aliases", "substring", "either", "gold"),
        default="aliases",
    )
    parser.add_argument("--same-date", choices=("separate", "together"), default="together")
    parser.add_argument("--assign", choices=("nearest", "all"), default="nearest")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    root = Path(args.data) / "SemEval_Task4_data"
    if not root.is_dir():
        print(f"no SemEval_Task4_data folder under {args.data}", file=sys.stderr)
        return 2
    pipeline = Pipeline.from_settings(Settings())
    results, overall = {}, Counts()
    for name, cat_dir, gold_dir, targets in corpora(Path(args.data)):
        results[name] = evaluate_corpus(name, cat_dir, gold_dir, targets, pipeline, args)
        if name != "trial":  # the trial corpus is for development, not in the overall figures
            overall += results[name]["counts"]
    corpus_scores = {name: r["counts"].scores() for name, r in results.items()}
    evaluation = [scores for name, scores in corpus_scores.items() if name != "trial"]
    macro = [sum(s[i] for s in evaluation) / len(evaluation) for i in range(3)]
    report = {
        "settings": {"select": args.select, "assign": args.assign, "same_date": args.same_date},
        "corpora": {
            name: {
                "documents": r["documents"],
                "timelines": len(r["entities"]),
                **named(corpus_scores[name]),
                "entities": r["entities"],
            }
            for name, r in results.items()
        },
        "micro": named(overall.scores()),
        "macro": named(macro),
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"SemEval-2015 Task 4 Track B, select={args.select}, assign={args.assign},"
          f" same-date={args.same_date}")  # fmt: skip
    for name, r in report["corpora"].items():
        print(f"  {name}: {r['documents']} docs, {r['timelines']} timelines"
              f"  P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}")  # fmt: skip
    for label in ("micro", "macro"):
        s = report[label]
        print(
            f"  corpus_1-3 ({label}): P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
