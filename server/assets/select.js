// reckon: on a document page, a figure selected in the text fills the
// form that adds a claim: its words and the byte where they start, so
// that an analyst adds a figure the extractor missed by selecting it.
(function () {
	"use strict";
	var text = document.querySelector(".doctext");
	var form = document.getElementById("add-claim");
	if (!text || !form) { return; }
	var span = document.getElementById("add-span");
	var after = document.getElementById("add-after");
	var base = parseInt(text.getAttribute("data-start") || "0", 10);
	var enc = new TextEncoder();
	function offset(node, off) {
		// Bytes of UTF-8 of the document's text before (node, off): the
		// text nodes shown before it, less the claim numbers in <sup>.
		// A browser reads CR LF as LF, so the count may fall short of the
		// stored offset by the line breaks before it; the server looks
		// for the words from this byte on, so short is safe.
		var n = 0;
		var w = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
		for (var t = w.nextNode(); t; t = w.nextNode()) {
			if (t.parentNode.closest("sup")) { continue; }
			if (t === node) { return n + enc.encode(t.data.slice(0, off)).length; }
			if (node.nodeType !== 3 && node.contains(t)) { return n; }
			n += enc.encode(t.data).length;
		}
		return n;
	}
	function picked() {
		var sel = window.getSelection();
		if (!sel || sel.rangeCount === 0 || sel.isCollapsed) { return; }
		var r = sel.getRangeAt(0);
		if (!text.contains(r.startContainer) || !text.contains(r.endContainer)) { return; }
		var words = r.toString();
		if (words.trim() === "" || words.length > 500) { return; }
		span.value = words;
		after.value = String(base + offset(r.startContainer, r.startOffset));
		var note = document.getElementById("add-picked");
		if (note) { note.textContent = "Selected: \u201c" + words + "\u201d"; }
		span.classList.add("span-picked");
	}
	text.addEventListener("mouseup", picked);
	text.addEventListener("keyup", picked);
	text.addEventListener("touchend", picked);
})();
