// Package reckon holds the domain types of reckon and the interfaces that
// its adapters implement.
//
// reckon keeps a ledger of figure claims (a number about a measure such as
// killed or wounded, with the exact sentence it came from and who said it),
// the per-person records of many lists, and the estimates made from them.
// Every number can be traced back to the text or record it came from.
//
// # Layout
//
// The root package has no dependencies beyond the standard library.
// Algorithms live in sub-packages that take and return plain values
// (extract, names, linkage, mse); adapters implement [Store] (sqlite); the
// command line in cmd/reckon only wires them together.
package reckon
