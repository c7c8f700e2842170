package linkage

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"
	"strings"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/military"
	"github.com/reckonhq/reckon/names"
)

// keyFunc appends the key values of one part of a rule for record i; it
// appends nothing when the record has no value for the part.
type keyFunc func(i int, buf []uint64) []uint64

// compiledRule is a Rule turned into key functions.
type compiledRule struct {
	text   string
	parts  []keyFunc
	fields []int // the fields the rule's keys are made of
	// broad: made of name parts only, one of them an initial (family name
	// + given name's initial). Its blocks are large from a few thousand
	// records on; oversize ones are split only up to broadSplit records,
	// as larger ones hold mostly pairs that the rules with dates and
	// units compare already, at a cost that grows with their square.
	broad bool
}

// broadSplit is the largest oversize block of a broad rule that is split
// and windowed; larger ones are left out (and counted in LeftOut). At
// 1M records, splitting them all cost a fifth more time and a quarter
// more memory for no measured gain in recall.
const broadSplit = 512

// compileRules checks the rules against the fields of d.
func (d *dataset) compileRules(rules []Rule) ([]compiledRule, error) {
	fieldIndex := map[string]int{}
	for i, f := range d.fields {
		fieldIndex[f.Column] = i
	}
	if d.nameH == nil {
		d.hashNameKeys()
	}
	famH, givH, nameH := d.famH, d.givH, d.nameH
	var out []compiledRule
	for ri, r := range rules {
		if len(r.On) == 0 {
			return nil, reckon.Errorf(reckon.EINVALID, "linkage config: blocking rule %d is empty", ri+1)
		}
		cr := compiledRule{text: strings.Join(r.On, " + "), broad: broadRule(r)}
		for _, part := range r.On {
			col, mod, _ := strings.Cut(strings.TrimSpace(part), ":")
			bad := func() error {
				return reckon.Errorf(reckon.EINVALID, "linkage config: blocking rule %d: part %q: unknown modifier", ri+1, part)
			}
			var fn keyFunc
			switch col {
			case "name", ColFamilyName, ColGivenName:
				for fi, f := range d.fields {
					if f.Kind == KindName && (col == "name" || f.Column == col) {
						cr.fields = append(cr.fields, fi)
					}
				}
			default:
				if fi, ok := fieldIndex[col]; ok {
					cr.fields = append(cr.fields, fi)
				}
			}
			switch col {
			case "name":
				if mod != "" {
					return nil, bad()
				}
				fn = func(i int, buf []uint64) []uint64 { return append(buf, nameH[d.profOf[i]]...) }
			case ColFamilyName, ColGivenName:
				hs, family := givH, false
				if col == ColFamilyName {
					hs, family = famH, true
				}
				switch mod {
				case "", "key":
					fn = func(i int, buf []uint64) []uint64 { return append(buf, hs[d.profOf[i]]...) }
				case "initial":
					fn = func(i int, buf []uint64) []uint64 {
						var rs [4]profileExtra
						for _, x := range d.blockReadings(d.profOf[i], rs[:0]) {
							c := x.givInit
							if family {
								c = x.famInit
							}
							if c != 0 {
								buf = append(buf, uint64(c))
							}
						}
						return buf
					}
				case "initials":
					// The sound classes of the first two syllables, a
					// key per pair of classes they may start with: "S. H.",
					// 석훈 and "Сок Хун" meet; a name of one syllable or
					// one initial has no key.
					fn = func(i int, buf []uint64) []uint64 {
						var rs [4]profileExtra
						for _, x := range d.blockReadings(d.profOf[i], rs[:0]) {
							s := x.givSounds
							if family {
								s = x.famSounds
							}
							for a := s[0]; a != 0; a &= a - 1 {
								for b := s[1]; b != 0; b &= b - 1 {
									k := uint64(bits.TrailingZeros16(a))<<8 | uint64(bits.TrailingZeros16(b)) | 1<<16
									if !slices.Contains(buf, k) {
										buf = append(buf, k)
									}
								}
							}
						}
						return buf
					}
				case "syllable":
					d.fillSyllables()
					fn = func(i int, buf []uint64) []uint64 {
						var rs [4]profileExtra
						for _, x := range d.blockReadings(d.profOf[i], rs[:0]) {
							if family {
								buf = append(buf, x.famSyl...)
							} else {
								buf = append(buf, x.givSyl...)
							}
						}
						return buf
					}
				default:
					return nil, bad()
				}
			default:
				fi, ok := fieldIndex[col]
				if !ok {
					return nil, reckon.Errorf(reckon.EINVALID, "linkage config: blocking rule %d: column %q is not a compared field", ri+1, col)
				}
				vals := d.cols[fi]
				switch d.fields[fi].Kind {
				case KindDate:
					var shift int32
					var need int
					switch mod {
					case "", "year":
						shift, need = 9, 1
					case "month":
						shift, need = 5, 2
					case "day":
						shift, need = 0, 3
					default:
						return nil, bad()
					}
					fn = func(i int, buf []uint64) []uint64 {
						v := vals[i]
						y, m, dd := unpackDate(v)
						switch {
						case y == 0, need >= 2 && m == 0, need == 3 && dd == 0:
							return buf
						}
						return append(buf, uint64(v>>shift))
					}
				default:
					brigade := mod == "brigade" && d.fields[fi].Kind == KindUnit
					if mod != "" && !brigade {
						return nil, bad()
					}
					texts := d.texts[fi]
					hashes := make([][]uint64, len(texts))
					for k := 1; k < len(texts); k++ {
						if brigade {
							hashes[k] = brigadeKeys(&texts[k])
						} else {
							hashes[k] = valueKeys(&texts[k], d.fields[fi].Kind)
						}
					}
					fn = func(i int, buf []uint64) []uint64 {
						if v := vals[i]; v != 0 {
							return append(buf, hashes[v]...)
						}
						return buf
					}
				}
			}
			cr.parts = append(cr.parts, fn)
		}
		out = append(out, cr)
	}
	return out, nil
}

// entry is one record's membership of one block.
type entry struct {
	key  uint64
	rec  uint32
	rule uint32
}

// BlockStats describes the blocking of a run.
type BlockStats struct {
	Rules          []string // the rules, as "part + part"
	RuleEntries    []int    // block memberships made by each rule
	RulePairs      []int    // pairs made by each rule, repeats included
	Blocks         int      // blocks of two records or more
	OversizeBlocks int      // blocks larger than MaxBlock, split by second-level keys and sorted neighbourhood
	OversizeSize   int      // records in oversize blocks, counted per block
	LargestBlock   int      // records in the largest block
	SplitPairs     int      // pairs made by splitting oversize blocks, repeats included
	WindowPairs    int      // pairs made by sorted windows in oversize blocks, repeats included
	RawPairs       int      // pairs made by all blocks, before removing repeats
	CandidatePairs int      // distinct pairs compared
	// LeftOut is the number of distinct pairs that share a blocking key
	// but were not compared, because their only shared blocks were
	// oversize and neither a split nor a window brought them together:
	// exact when LeftOutExact, else estimated (see oversize.go). A true
	// pair among them can never be linked.
	LeftOut      float64
	LeftOutExact bool
	// LeftOutMatches is the expected number of true matches among the
	// left-out pairs: the sum of their posterior match probabilities
	// under the fitted model, estimated from a sample of them. Zero when
	// nothing is left out. Each pair is scored alone, without the
	// competition of the other candidates of its records that linked
	// pairs go through, so among namesakes it runs high: at 415,000
	// records of the large scenario it was 143,657 where at most 99,585
	// true pairs were never compared.
	LeftOutMatches float64

	leftOutSample []leftOutPair
}

// LeftOutWarning returns a sentence for the user when the block caps left
// out pairs that are expected to hold at least one true match (about, as
// the count rounds), else "". The pairs share a blocking key but were
// never compared, so no threshold or review can link them.
func (s BlockStats) LeftOutWarning() string {
	if s.LeftOut == 0 || s.LeftOutMatches < 0.5 {
		return ""
	}
	how := "about"
	if s.LeftOutExact {
		how = "exactly"
	}
	blocks := "blocks"
	if s.OversizeBlocks == 1 {
		blocks = "block"
	}
	return fmt.Sprintf("blocking left out %s %.0f pairs that share a blocking key, in %d oversize %s (largest %d records); scored alone, about %.0f of them would be the same person (at most that: a pair among namesakes scores lower against its competitors), and none can be linked: raise max_block or add blocking rules that include dates, units or places",
		how, s.LeftOut, s.OversizeBlocks, blocks, s.LargestBlock, s.LeftOutMatches)
}

// block returns the candidate pairs of d under rules, sorted, each as
// lo<<32 | hi with lo < hi, and for each rule a sample of up to about
// perRule of its pairs, sorted, for estimating the model.
func (d *dataset) block(rules []compiledRule, maxBlock, window, perRule int, run *runner) ([]uint64, [][]uint64, BlockStats) {
	st := BlockStats{}
	for _, r := range rules {
		st.Rules = append(st.Rules, r.text)
	}
	st.RuleEntries = make([]int, len(rules))
	st.RulePairs = make([]int, len(rules))

	// Keys: each chunk of records writes its own slice.
	const chunk = 1 << 14
	nchunks := (d.n + chunk - 1) / chunk
	parts := make([][]entry, nchunks)
	ruleCounts := make([][]int, nchunks)
	run.parallel("block keys", d.n, chunk, func(lo, hi int) {
		out := make([]entry, 0, (hi-lo)*len(rules)*3/2)
		counts := make([]int, len(rules))
		var kb keyBuf
		for i := lo; i < hi; i++ {
			for ri, r := range rules {
				keys := kb.keys(ri, r, i)
				for _, k := range keys {
					out = append(out, entry{k, uint32(i), uint32(ri)})
				}
				counts[ri] += len(keys)
			}
		}
		parts[lo/chunk] = out
		ruleCounts[lo/chunk] = counts
	})
	for _, c := range ruleCounts {
		for ri, n := range c {
			st.RuleEntries[ri] += n
		}
	}

	// Scatter the entries into buckets by the top bits of the key, then
	// sort each bucket.
	const bucketBits = 8
	const nb = 1 << bucketBits
	var counts [nb]int
	total := 0
	for _, p := range parts {
		for _, e := range p {
			counts[e.key>>(64-bucketBits)]++
		}
		total += len(p)
	}
	starts := make([]int, nb+1)
	for b := range nb {
		starts[b+1] = starts[b] + counts[b]
	}
	entries := make([]entry, total)
	pos := slices.Clone(starts[:nb])
	for ci, p := range parts {
		for _, e := range p {
			b := e.key >> (64 - bucketBits)
			entries[pos[b]] = e
			pos[b]++
		}
		parts[ci] = nil
	}
	run.parallel("block sort", nb, 1, func(lo, hi int) {
		for b := lo; b < hi; b++ {
			slices.SortFunc(entries[starts[b]:starts[b+1]], func(x, y entry) int {
				if c := cmp.Compare(x.key, y.key); c != 0 {
					return c
				}
				return cmp.Compare(x.rec, y.rec)
			})
		}
	})

	// Pairs from each bucket's blocks. Each block's pairs are made in a
	// scratch slice of the goroutine and kept in fixed-size chunks, so
	// that the pairs take the room they need and no more: at a million
	// records a guess of the room per bucket reserved twice the pairs
	// made.
	sp := d.newSplitter(rules, maxBlock, window)
	type bucketOut struct {
		pairs                                        pairChunks
		samples                                      [][]uint64
		rulePairs                                    []int
		blocks, oversize, oversizeSize, largest, raw int
		split, windowed                              int
		over                                         []oversizeBlock
	}
	perBucket := (perRule + nb - 1) / nb
	outs := make([]bucketOut, nb)
	run.parallel("block pairs", nb, 1, func(lo, hi int) {
		var members []uint32
		var blk []uint64
		var scratch splitScratch
		for b := lo; b < hi; b++ {
			o := &outs[b]
			o.samples = make([][]uint64, len(rules))
			o.rulePairs = make([]int, len(rules))
			es := entries[starts[b]:starts[b+1]]
			for s := 0; s < len(es); {
				e := s + 1
				for e < len(es) && es[e].key == es[s].key {
					e++
				}
				if e-s >= 2 {
					members = members[:0]
					for _, x := range es[s:e] {
						if len(members) == 0 || members[len(members)-1] != x.rec {
							members = append(members, x.rec)
						}
					}
					o.blocks++
					o.largest = max(o.largest, len(members))
					blk = blk[:0]
					rule := es[s].rule
					if len(members) <= maxBlock {
						for x := 0; x < len(members); x++ {
							for y := x + 1; y < len(members); y++ {
								blk = append(blk, uint64(members[x])<<32|uint64(members[y]))
							}
						}
					} else if rules[rule].broad && len(members) > broadSplit {
						o.oversize++
						o.oversizeSize += len(members)
						o.over = append(o.over, oversizeBlock{rule: rule, members: slices.Clone(members)})
					} else {
						o.oversize++
						o.oversizeSize += len(members)
						o.over = append(o.over, oversizeBlock{rule: rule, members: slices.Clone(members)})
						var ns, nw int
						blk, ns, nw = sp.oversize(blk, members, int(rule), &scratch)
						o.split += ns
						o.windowed += nw
						// EM learns from the window's pairs, in window
						// order, as from a block compared whole: the
						// split parts agree on a second key by
						// construction and would teach it that
						// agreement is common among non-matches.
						if room := perBucket - len(o.samples[rule]); room > 0 {
							o.samples[rule] = append(o.samples[rule], blk[:min(nw, room)]...)
						}
						// The block's own repeats go now, so that its
						// pair count is of distinct pairs.
						slices.Sort(blk)
						blk = slices.Compact(blk)
					}
					o.rulePairs[rule] += len(blk)
					if room := perBucket - len(o.samples[rule]); room > 0 && len(members) <= maxBlock {
						o.samples[rule] = append(o.samples[rule], blk[:min(len(blk), room)]...)
					}
					o.pairs.append(blk)
				}
				s = e
			}
			o.raw = o.pairs.n
		}
	})
	entries = nil

	// Remove repeated pairs: scatter by the low record, sort each bucket;
	// the buckets in order are then the pairs in order.
	var pc [nb]int
	shift := 0
	for (d.n-1)>>shift >= nb {
		shift++
	}
	for b := range outs {
		st.Blocks += outs[b].blocks
		st.OversizeBlocks += outs[b].oversize
		st.OversizeSize += outs[b].oversizeSize
		st.LargestBlock = max(st.LargestBlock, outs[b].largest)
		st.RawPairs += outs[b].raw
		st.SplitPairs += outs[b].split
		st.WindowPairs += outs[b].windowed
		for r, n := range outs[b].rulePairs {
			st.RulePairs[r] += n
		}
		for _, c := range outs[b].pairs.chunks {
			for _, p := range c {
				pc[(p>>32)>>shift]++
			}
		}
	}
	ps := make([]int, nb+1)
	for b := range nb {
		ps[b+1] = ps[b] + pc[b]
	}
	pairs := make([]uint64, st.RawPairs)
	pp := slices.Clone(ps[:nb])
	for b := range outs {
		for ci, c := range outs[b].pairs.chunks {
			for _, p := range c {
				k := (p >> 32) >> shift
				pairs[pp[k]] = p
				pp[k]++
			}
			outs[b].pairs.chunks[ci] = nil
		}
		outs[b].pairs = pairChunks{}
	}
	kept := make([]int, nb)
	run.parallel("block dedupe", nb, 1, func(lo, hi int) {
		for b := lo; b < hi; b++ {
			s := pairs[ps[b]:ps[b+1]]
			slices.Sort(s)
			kept[b] = len(slices.Compact(s))
		}
	})
	w := 0
	for b := range nb {
		w += copy(pairs[w:], pairs[ps[b]:ps[b]+kept[b]])
	}
	pairs = pairs[:w:w]
	st.CandidatePairs = len(pairs)
	var over []oversizeBlock
	for b := range outs {
		over = append(over, outs[b].over...)
		outs[b].over = nil
	}
	st.LeftOut, st.LeftOutExact, st.leftOutSample = d.leftOut(rules, over, pairs, leftOutExact)
	samples := make([][]uint64, len(rules))
	for b := range outs {
		for r, sp := range outs[b].samples {
			samples[r] = append(samples[r], sp...)
		}
	}
	for r := range samples {
		slices.Sort(samples[r])
		samples[r] = slices.Compact(samples[r])
	}
	return pairs, samples, st
}

// pairChunks holds pairs in chunks: room grows a chunk at a time, without
// copying and with at most the last chunk part empty. Chunks double from
// firstChunk pairs to chunkPairs, so that small inputs, whose buckets
// hold a few pairs each, reserve little.
type pairChunks struct {
	chunks [][]uint64
	n      int // pairs held
}

// firstChunk and chunkPairs are the sizes of the first and the largest
// chunks of pairChunks: 2 KiB and 128 KiB.
const (
	firstChunk = 1 << 8
	chunkPairs = 1 << 14
)

// append appends ps.
func (c *pairChunks) append(ps []uint64) {
	c.n += len(ps)
	for len(ps) > 0 {
		if k := len(c.chunks); k == 0 || len(c.chunks[k-1]) == cap(c.chunks[k-1]) {
			size := chunkPairs
			if k < 6 {
				size = firstChunk << k
			}
			c.chunks = append(c.chunks, make([]uint64, 0, size))
		}
		last := &c.chunks[len(c.chunks)-1]
		m := min(len(ps), cap(*last)-len(*last))
		*last = append(*last, ps[:m]...)
		ps = ps[m:]
	}
}

// hashNameKeys hashes the name keys of every profile for blocking (with
// the keys of the surnames a mistyped family name is one typo from): the
// family and given name keys, and the name keys pairing them.
func (d *dataset) hashNameKeys() {
	d.famH = make([][]uint64, len(d.prof))
	d.givH = make([][]uint64, len(d.prof))
	// With two readings of a name, both readings' keys block; the name
	// keys pair each reading's family and given keys only.
	d.nameH = make([][]uint64, len(d.prof))
	famH, givH, nameH := d.famH, d.givH, d.nameH
	var rs []profileExtra
	for p := range d.prof {
		rs = d.blockReadings(int32(p), rs[:0])
		for k := range rs {
			x := &rs[k]
			var fh, gh []uint64
			for _, k := range x.famKeys {
				fh = append(fh, hashString(k))
			}
			// A family name one typo from a known surname blocks with
			// that surname too (names.Part.TypoKeys).
			for _, k := range x.famTypo {
				if h := hashString(k); !slices.Contains(fh, h) {
					fh = append(fh, h)
				}
			}
			for _, k := range x.givKeys {
				gh = append(gh, hashString(k))
			}
			for _, a := range fh {
				for _, b := range gh {
					nameH[p] = append(nameH[p], mix(min(a, b), max(a, b)))
				}
			}
			famH[p] = append(famH[p], fh...)
			givH[p] = append(givH[p], gh...)
		}
	}
}

// blockReadings appends to dst the readings of name profile p that block:
// the reading compared, the other reading of a full name (altX), and,
// for each whose family name is not a known surname but reads as Korean
// syllables, or whose given name is a surname, the reading with the two
// parts exchanged. A given name in
// the family field, or a Western-order name whose misspelt surname Parse
// could not recognise ("Young-il Kmi"), then still meets its record on
// rules that use one part of the name; the name rule is symmetric already.
// The readings are copies without the prepared Profile (x.p).
func (d *dataset) blockReadings(p int32, dst []profileExtra) []profileExtra {
	add := func(x *profileExtra, fam, giv *names.Part) {
		dst = append(dst, profileExtra{famKeys: x.famKeys, famTypo: x.famTypo, givKeys: x.givKeys, famInit: x.famInit, givInit: x.givInit, famSyl: x.famSyl, givSyl: x.givSyl, givSounds: x.givSounds, famSounds: x.famSounds})
		if fam.KnownSurname() || len(x.givKeys) == 0 || len(x.famKeys) == 0 || giv.Initials {
			return
		}
		// Only names that look Korean and misplaced: a family part that
		// reads as Korean syllables, or a given part that is a surname.
		// Western names ("Smith", "John") keep one reading.
		if len(fam.Keys) == 0 && !names.IsSurname(giv.Text) {
			return
		}
		dst = append(dst, profileExtra{famKeys: x.givKeys, givKeys: x.famKeys, famInit: x.givInit, givInit: x.famInit, famSyl: x.givSyl, givSyl: x.famSyl, givSounds: x.famSounds, famSounds: x.givSounds})
	}
	x := &d.prof[p]
	add(x, &x.p.Family, &x.p.Given)
	if d.hasAlt[p] {
		a := x.p.Alt
		add(d.altX[p], &a.Family, &a.Given)
	}
	return dst
}

// formationKey is the blocking key of one formation of a unit's path,
// the same whichever script named it.
func formationKey(f military.Formation) uint64 {
	return hashString(fmt.Sprintf("unit:%d:%d", f.Echelon, f.Number))
}

// brigadeKeys returns the blocking key of the brigade of a unit value
// (one of valueKeys), or none when it names no brigade: with a name, a
// unit's battalion and number would multiply the keys for little more.
func brigadeKeys(t *textValue) []uint64 {
	for _, f := range t.unit.Path {
		if f.Echelon == military.Brigade && f.Number > 0 {
			return []uint64{formationKey(f)}
		}
	}
	return nil
}

// valueKeys returns the blocking keys of one value of a place, unit, rank
// or text field. A unit read by package military has a key per formation
// of its path from battalion to brigade and for its unit number, so that
// "5th Bn, 95th Brigade" and "95려단" share the brigade's key; a place
// read by package places has the keys of its most specific part, which
// meet across scripts; a rank has its grade. Other values have one key:
// their numbers if any, else their phonetic key, else their compact form.
func valueKeys(t *textValue, kind Kind) []uint64 {
	var out []uint64
	switch kind {
	case KindUnit:
		for _, f := range t.unit.Path {
			if f.Echelon >= military.Battalion && f.Echelon <= military.Brigade && f.Number > 0 {
				out = append(out, formationKey(f))
			}
		}
		if t.unit.Number != "" {
			out = append(out, hashString("unitno:"+t.unit.Number))
		}
	case KindRank:
		if t.rank.Grade != military.NoGrade {
			out = append(out, hashString(fmt.Sprint("rank:", int(t.rank.Grade))))
		}
	case KindPlace:
		for _, k := range t.place.Keys() {
			out = append(out, hashString("place:"+k))
		}
	}
	if len(out) > 0 {
		return out
	}
	key := t.block
	if key == "" {
		key = t.compact
	}
	return []uint64{hashString(key)}
}
