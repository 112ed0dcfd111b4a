// Command savings settles a scenario under the arrangements of measure 9 of
// Liaoning's 2016 non-ferrous-metals plan (A: before, B: reformed basic
// charge, C₂: direct trading, C: captive supply) and prints a report a plant's
// finance team can act on and check: a one-screen summary first (the saving,
// what it rests on, how far it moves, the break-even), then what the saving
// is made of, the months, the plans, the range in detail, the itemised bills
// of one month, and last every table and rule with its document and
// confidence, and the warnings.
//
// Usage:
//
//	go run ./examples/savings [flags]
//
// Flags:
//
//	-scenario NAME|FILE  an embedded scenario (smelter-s, zinc-z, copper-c,
//	                     smelter-2026, profile-p) or a scenario file (default
//	                     smelter-s)
//	-tables FILE         extra table file; repeat for several
//	-format FORMAT       text, markdown, json, csv or xlsx (default text)
//	-o FILE              write the report to FILE (required for xlsx)
//	-lang LANG           zh or en (default from LC_ALL, LC_MESSAGES, LANG; else en)
//	-month YYYY-MM       one month's bills A, B, C₂, C side by side
//	-list                list the embedded scenarios: name, then title
//	-width N             text width in columns, East Asian characters two
//	                     (default 100; 0 for no limit)
//	-unit yuan|wan       amounts in 元 or 万元 (text and Markdown only)
//
// Exit codes: 0 success, 1 bad input (the message names file, line, column
// and field), 2 bad flags.
package main
