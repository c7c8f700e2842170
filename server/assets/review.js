// reckon review: answer the current pair with one key. y same person,
// n different persons, s skip, u undo the last decision. Keys typed into
// a field are left alone; without this script the buttons' access keys
// (Alt+key) and plain clicks do the same.
document.addEventListener("keydown", function (e) {
	if (e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
	var t = e.target;
	if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) return;
	var el = document.querySelector('[data-key="' + (e.key || "").toLowerCase() + '"]');
	if (!el) return;
	e.preventDefault();
	el.click();
});
