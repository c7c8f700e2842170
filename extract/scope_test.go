package extract

import (
	"testing"

	"github.com/reckonhq/reckon"
)

// TestScope: where, when and which part a figure counts (issue 13).
func TestScope(t *testing.T) {
	for _, tt := range []struct {
		name, text, span string
		want             reckon.Scope
	}{
		{"place and period", "Seoul's National Intelligence Service said about 3,000 North Korean soldiers were killed or wounded in the Kursk region since January.",
			"about 3,000", reckon.Scope{Place: "in the Kursk region", Period: "since January", Extent: reckon.Cumulative}},
		{"place with a number", "Villagers told the group that dozens of bodies had been buried in two fields near the river.",
			"dozens", reckon.Scope{Place: "in two fields near the river"}},
		{"place before a report verb", "At most 500 people were killed in one district, officials said.",
			"At most 500", reckon.Scope{Place: "in one district"}},
		{"unit and week", "One mother said her son's unit had lost more than 60 men in a single week.",
			"more than 60", reckon.Scope{Period: "in a single week", Extent: reckon.ForPeriod, Part: "her son's unit"}},
		{"unit after", "The ministry said Monday that 40 soldiers were killed in one brigade.",
			"40", reckon.Scope{Part: "one brigade"}},
		{"this month", "He said 18 wounded soldiers had returned home for treatment this month.",
			"18", reckon.Scope{Period: "this month", Extent: reckon.ForPeriod}},
		{"past 24 hours", "At least 12 people were killed in the past 24 hours, the ministry said.",
			"At least 12", reckon.Scope{Period: "in the past 24 hours", Extent: reckon.ForPeriod}},
		{"partitive", "Of the wounded, 300 were evacuated.", "300", reckon.Scope{Part: "Of the wounded"}},
		{"sub-total", "At least 1,200 people were killed, including 300 children.", "300", reckon.Scope{Part: "children"}},
		{"event", "About 500 soldiers were killed in the missile strike on the port, officials said.",
			"About 500", reckon.Scope{Part: "in the missile strike"}},
		{"theatre is the whole", "More than 600 soldiers were killed in Ukraine, officials said.", "More than 600", reckon.Scope{}},
		{"in the fighting is the whole", "More than 600 soldiers were killed in the fighting.", "More than 600", reckon.Scope{}},
		{"so far", "So far, 900 soldiers have been killed, the agency said.", "900", reckon.Scope{Extent: reckon.Cumulative}},
		{"since the war began", "About 2,000 soldiers have died since the deployment began.", "About 2,000",
			reckon.Scope{Period: "since the deployment began", Extent: reckon.Cumulative}},
		{"plain", "Officials said 300 soldiers were killed.", "300", reckon.Scope{}},
		{"reporter's place", "Officials said 300 soldiers were killed, speaking in Seoul on Monday.", "300", reckon.Scope{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := claimWithSpan(t, tt.text, tt.span)
			if c.Scope != tt.want {
				t.Errorf("scope of %q = %+v, want %+v\nwhy: %q", tt.span, c.Scope, tt.want, c.Why)
			}
		})
	}
}

func claimWithSpan(t *testing.T, text, span string) reckon.Claim {
	t.Helper()
	cs := Extract(text)
	for _, c := range cs {
		if c.Span == span {
			return c
		}
	}
	t.Fatalf("no claim %q in %q: %+v", span, text, cs)
	return reckon.Claim{}
}

// TestClauseMeasure: the measure comes from the clause's verb, not the
// nearest word: "deployed" that only says who the people are does not
// decide (issue 13).
func TestClauseMeasure(t *testing.T) {
	for _, tt := range []struct {
		text, span string
		want       reckon.Measure
	}{
		{"Ukraine said it had captured 2 North Korean soldiers who were deployed to Kursk.", "2", reckon.Captured},
		{"At least 300 North Korean troops deployed to Russia have been killed, Seoul's spy agency said.", "At least 300", reckon.Killed},
		{"The spy agency said 1,100 North Korean soldiers deployed in Kursk were killed or wounded.", "1,100", reckon.Casualties},
		{"About 40 soldiers sent to the front had died by March.", "About 40", reckon.Killed},
		{"More than 10,000 troops were deployed to Russia last year.", "More than 10,000", reckon.Deployed},
		{"North Korea has deployed 11,000 soldiers to Kursk, who are fighting alongside Russian troops.", "11,000", reckon.Deployed},
		{"About 3,000 troops deployed in October remain in Kursk.", "About 3,000", reckon.Deployed},
		{"Kyiv said it had captured 2 wounded North Korean soldiers.", "2", reckon.Captured},
		{"The capture of 2 North Korean soldiers was announced on Saturday.", "2", reckon.Captured},
		{"About 1,000 North Korean soldiers fighting in Kursk have died, officials said.", "About 1,000", reckon.Killed},
		{"About 1,000 North Korean soldiers are fighting in Kursk, officials said.", "About 1,000", reckon.Deployed},
		{"Officials said 300 wounded soldiers were flown home.", "300", reckon.Wounded},
	} {
		if c := claimWithSpan(t, tt.text, tt.span); c.Measure != tt.want {
			t.Errorf("%q in %q: measure %s, want %s\nwhy: %q", tt.span, tt.text, c.Measure, tt.want, c.Why)
		}
	}
}

// TestGenericAttribution: "Reports" and "Estimates" name no source; the
// source they cite does (issue 13).
func TestGenericAttribution(t *testing.T) {
	for _, tt := range []struct {
		text, span, want string
	}{
		{"Reports said tens of thousands of soldiers were killed.", "tens of thousands", ""},
		{"Estimates put the number of dead at more than 10,000.", "more than 10,000", ""},
		{"Media reports said 300 soldiers were killed.", "300", ""},
		{"Reports citing South Korea's intelligence service say tens of thousands of troops have been sent.", "tens of thousands", "South Korea's intelligence service"},
		{"Their estimates put the toll at 500.", "500", "Their estimates"},
		{"Western estimates put the toll at 500.", "500", "Western estimates"},
		{"Estimates by Western officials put North Korean losses at more than 4,000.", "more than 4,000", "Western officials"},
		{"According to reports, some 12,000 troops were sent.", "some 12,000", ""},
		{"The ministry said 300 soldiers were killed.", "300", "The ministry"},
		{"As of August 30, the ministry said, 1,234 soldiers had been killed.", "1,234", "the ministry"},
		{"The NIS said on Monday, citing intelligence, that 3,000 soldiers had been deployed.", "3,000", "The NIS"},
	} {
		if c := claimWithSpan(t, tt.text, tt.span); c.Attribution != tt.want {
			t.Errorf("%q: attribution %q, want %q\nwhy: %q", tt.text, c.Attribution, tt.want, c.Why)
		}
	}
}

// TestRestatement: a figure stated again in another sentence of the same
// text (summary and body) is flagged as restating the first (issue 13).
func TestRestatement(t *testing.T) {
	text := "At least 300 North Korean soldiers have been killed, the spy agency said. " +
		"Lawmakers were told on Monday that 2,000 had been wounded. " +
		"The agency said at least 300 North Korean soldiers had been killed and 2,000 wounded. " +
		"Dozens were captured. Dozens more were captured in one village. At least 300 soldiers were killed in Kursk."
	cs := Extract(text)
	var restated []string
	for _, c := range cs {
		if c.Restates != nil {
			o := claimAt(t, cs, *c.Restates)
			restated = append(restated, c.Span+"->"+o.Span)
		}
	}
	want := []string{"at least 300->At least 300", "2,000->2,000"}
	if len(restated) != len(want) || restated[0] != want[0] || restated[1] != want[1] {
		t.Errorf("restatements %q, want %q", restated, want)
	}
}

func claimAt(t *testing.T, cs []reckon.Claim, start int) reckon.Claim {
	t.Helper()
	for _, c := range cs {
		if c.Start == start {
			return c
		}
	}
	t.Fatalf("no claim starts at %d", start)
	return reckon.Claim{}
}

// TestDateAfterVerb: a date after the verb and its counted phrase dates
// the figure; a date that names an event does not (issue 13).
func TestDateAfterVerb(t *testing.T) {
	for _, tt := range []struct{ text, span, want string }{
		{"The General Staff reported 1,230 Russian casualties on 3 March 2025.", "1,230", "3 March 2025"},
		{"At least 500 soldiers had been killed by 3 March 2025, officials said.", "At least 500", "3 March 2025"},
		{"Officials confirmed 23 deaths Monday.", "23", "Monday"},
		{"The ministry said on 3 March 2025 that 500 soldiers had been killed.", "500", "3 March 2025"},
		{"As of August 30, 1,234 people had been killed.", "1,234", "As of August 30"},
		{"Officials said 40 people died in the March 3 attack.", "40", ""},
		{"Rescuers found 12 bodies on Monday morning patrols.", "12", ""},
	} {
		if c := claimWithSpan(t, tt.text, tt.span); c.Date != tt.want {
			t.Errorf("%q: date %q, want %q\nwhy: %q", tt.text, c.Date, tt.want, c.Why)
		}
	}
}

// TestVerbNotSource: "Ukraine estimates …" names Ukraine, with the verb
// left out; "Western estimates put …" is a noun phrase (issue 13).
func TestVerbNotSource(t *testing.T) {
	for _, tt := range []struct{ text, span, want string }{
		{"Ukraine estimates North Korean casualties at 4,000.", "4,000", "Ukraine"},
		{"Western estimates put North Korean casualties at 4,000.", "4,000", "Western estimates"},
	} {
		if c := claimWithSpan(t, tt.text, tt.span); c.Attribution != tt.want {
			t.Errorf("%q: attribution %q, want %q\nwhy: %q", tt.text, c.Attribution, tt.want, c.Why)
		}
	}
}
