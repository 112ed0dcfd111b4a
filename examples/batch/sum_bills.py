#!/usr/bin/env python3
"""Read the batch command's bills (JSON Lines) and add them up.

Each line is one bill, read with the standard json module as any billing
system would; every amount is a string with exactly two decimals, added in
exact decimals (the decimal module). Checks that each bill's lines add up to
its total, then prints the number of bills and the total by arrangement.

    go run ./examples/batch -generate 100 | go run ./examples/batch | python3 examples/batch/sum_bills.py

Exit status 0 when every bill adds up, 1 otherwise.
"""

import json
import sys
from collections import defaultdict
from decimal import Decimal


def main(args):
    src = open(args[0], encoding="utf-8") if args else sys.stdin
    totals, counts, bad = defaultdict(Decimal), defaultdict(int), 0
    for n, line in enumerate(src, 1):
        bill = json.loads(line)
        total = Decimal(bill["total"])
        lines = sum((Decimal(l["amount"]) for l in bill["lines"]), Decimal("0.00"))
        if lines != total:
            print(f"sum_bills: bill {n} ({bill['customer']} {bill['month']}): lines add up to {lines}, total {total}", file=sys.stderr)
            bad += 1
        totals[bill["arrangement"]] += total
        counts[bill["arrangement"]] += 1
    for arr in sorted(totals):
        print(f"{arr}: {counts[arr]} bills, {totals[arr]:.2f}")
    print(f"all: {sum(counts.values())} bills, {sum(totals.values(), Decimal('0.00')):.2f}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
