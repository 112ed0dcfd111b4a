#!/usr/bin/env python3
"""Check that a dianfei bill's lines add up to its total.

Reads each bill named on the command line (or one from standard input) with
the standard json module, as any billing system would, and adds the line
amounts in exact decimals (the decimal module): every amount is a string with
exactly two decimals, and the total must be their sum to the fen.

    python3 examples/json/check_bill.py examples/json/testdata/e1-catalog.bill.json
    go run ./examples/json examples/json/records/e1-catalog.json | python3 examples/json/check_bill.py

Exit status 0 when every bill adds up, 1 otherwise.
"""

import json
import re
import sys
from decimal import Decimal

MONEY = re.compile(r"^-?[0-9]+\.[0-9]{2}$")


def money(text, where):
    if not isinstance(text, str) or not MONEY.match(text):
        raise ValueError(f"{where}: {text!r} is not an amount with exactly two decimals")
    return Decimal(text)


def check(bill, name):
    total = money(bill["total"], "total")
    lines = bill["lines"]
    s = sum((money(l["amount"], f"lines[{i}].amount") for i, l in enumerate(lines)), Decimal("0.00"))
    if s != total:
        raise ValueError(f"lines add up to {s} but the total is {total}")
    return f"ok: {name}: {bill['customer']} {bill['month']} {bill['arrangement']}: {len(lines)} lines add up to {total}"


def main(args):
    sources = args or ["-"]
    bad = False
    for name in sources:
        try:
            if name == "-":
                bill = json.load(sys.stdin)
                name = "standard input"
            else:
                with open(name, encoding="utf-8") as f:
                    bill = json.load(f)
            print(check(bill, name))
        except (OSError, ValueError, KeyError, TypeError) as e:
            print(f"check_bill: {name}: {e}", file=sys.stderr)
            bad = True
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
