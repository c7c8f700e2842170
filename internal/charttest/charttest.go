// Package charttest holds what the browser tests of the pages and of the
// reports check in every chart they show, so that both hold the charts
// to one rule (issue 15: charts readable on a 375 px phone).
package charttest

import (
	"strconv"
	"strings"

	"github.com/reckonhq/reckon/figure"
)

// Words is a script that lists what is wrong with the words of the
// charts shown: a text drawn smaller than figure.MinText CSS px (its
// computed font size times the scale the SVG is drawn at; issue 15: the
// claims chart wrote its labels at 5 px on a phone), a text cut by the edge of its
// chart or of the screen, and two texts of one chart that overlap. Charts
// hidden by the page's stylesheet (the layout for another screen) are
// skipped; so are charts without text.
var Words = strings.ReplaceAll(`(() => {
	const w = window.innerWidth, out = [];
	const name = el => el.tagName.toLowerCase() + (el.getAttribute("class") ? "." + el.getAttribute("class").replace(/ /g, ".") : "");
	document.querySelectorAll("svg").forEach(svg => {
		const r = svg.getBoundingClientRect();
		if (r.width === 0 || r.height === 0 || svg.parentElement.closest("svg")) return;
		const boxes = [];
		svg.querySelectorAll("text").forEach(t => {
			const b = t.getBoundingClientRect(), s = (t.textContent || "").trim();
			if (b.width === 0 || s === "") return;
			const m = t.getScreenCTM(), px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
			const what = name(svg) + " " + JSON.stringify(s.slice(0, 40));
			if (px < MIN_TEXT - 0.05) out.push(what + " drawn at " + px.toFixed(1) + " px");
			if (b.left < r.left - 1 || b.right > r.right + 1 || b.top < r.top - 1 || b.bottom > r.bottom + 1) out.push(what + " cut by the chart's edge (text " + [b.left, b.right, b.top, b.bottom].map(Math.round) + ", chart " + [r.left, r.right, r.top, r.bottom].map(Math.round) + ")");
			if (b.left < -1 || b.right > w + 1) out.push(what + " cut by the screen's edge");
			for (const o of boxes) {
				const dx = Math.min(b.right, o.b.right) - Math.max(b.left, o.b.left), dy = Math.min(b.bottom, o.b.bottom) - Math.max(b.top, o.b.top);
				if (dx > 1 && dy > 0.3 * Math.min(b.height, o.b.height)) out.push(what + " overlaps " + JSON.stringify(o.s.slice(0, 40)));
			}
			boxes.push({b, s});
		});
	});
	return out;
})()`, "MIN_TEXT", strconv.Itoa(figure.MinText))
