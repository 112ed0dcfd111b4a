package main

import (
	"github.com/dianfei/dianfei/examples/internal/textfmt"
	"github.com/shopspring/decimal"
)

// money formats an amount with thousands separators and two decimals.
func money(d decimal.Decimal) string { return textfmt.Group(d.StringFixed(2)) }

// qty formats a quantity with thousands separators, exactly.
func qty(d decimal.Decimal) string { return textfmt.Group(d.String()) }
