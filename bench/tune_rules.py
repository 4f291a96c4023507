"""Score the rule pipeline on a gold file, and dump its errors for analysis.

    .venv/bin/python bench/tune_rules.py /work/shared/gold/train.jsonl
    .venv/bin/python bench/tune_rules.py GOLD --errors fn --limit 40   # missed units
    .venv/bin/python bench/tune_rules.py GOLD --errors fp --limit 40   # spurious units

Error dumps show each unmatched unit with its cue, speaker and content in
context, which is what rule work needs; use them on train only (dev is for
the score numbers).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import attrib
from attrib.evaluate import evaluate, format_table, match_units, units
from attrib.exchange import record_attributions


def _describe(record: dict, content: tuple[int, int]) -> str:
    text = record["text"]
    for att in record_attributions(record):
        for c in att.contents:
            if (c.start, c.end) == content or (c.start <= content[0] and content[1] <= c.end):
                cue = text[att.cue.start:att.cue.end]
                src = text[att.source.start:att.source.end] if att.source else "-"
                ctx_start = max(0, min(att.cue.start, c.start) - 60)
                ctx = text[ctx_start:max(att.cue.end, c.end) + 20].replace("\n", " / ")
                return (f"  CUE={cue!r} SRC={src!r}\n  CONTENT={text[c.start:c.end][:200]!r}\n"
                        f"  CTX=...{ctx[:400]}...")
    return "  (unit not found)"


def dump_errors(gold: list[dict], pred: list[dict], which: str, limit: int) -> None:
    shown = 0
    for i, (g, p) in enumerate(zip(gold, pred, strict=True)):
        gu, pu = units(i, g), units(i, p)
        pairs = match_units(gu, pu)
        matched = {id(x) for pair in pairs for x in pair}
        pool, rec = (gu, g) if which == "fn" else (pu, p)
        for u in pool:
            if id(u) in matched:
                continue
            print(f"[{g.get('id')}] {which.upper()} direct={u.direct}")
            print(_describe(rec, u.content))
            # The nearest unit on the other side, to see why they did not match.
            other, orec = (pu, p) if which == "fn" else (gu, g)
            near = [o for o in other if o.content[0] < u.content[1] and u.content[0] < o.content[1]]
            for o in near[:1]:
                print("  vs:" + _describe(orec, o.content).replace("\n", "\n  "))
            shown += 1
            if shown >= limit:
                return


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("gold", type=Path)
    ap.add_argument("--errors", choices=["fn", "fp"], default=None)
    ap.add_argument("--limit", type=int, default=30)
    ap.add_argument("--min-confidence", type=float, default=0.0)
    ap.add_argument("--json", action="store_true", help="print the full result as JSON")
    args = ap.parse_args(argv)
    gold = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line]
    nlp = attrib.load(**{"components.attrib_linker.min_confidence": args.min_confidence})
    t0 = time.perf_counter()
    pred = []
    for g, doc in zip(gold, nlp.pipe(r["text"] for r in gold), strict=True):
        pred.append(attrib.to_doccano(doc, doc_id=g.get("id")))
    elapsed = time.perf_counter() - t0
    result = evaluate(gold, pred)
    print(json.dumps(result, indent=1) if args.json else format_table(result))
    words = sum(len(r["text"].split()) for r in gold)
    print(f"\n{len(gold)} docs, {words} words in {elapsed:.2f}s ({words / elapsed:,.0f} words/s)")
    if args.errors:
        print()
        dump_errors(gold, pred, args.errors, args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
