// newsloom pages work without this script; it adds two keyboard conveniences.
"use strict";

document.addEventListener("keydown", (event) => {
  const target = event.target;
  const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement || (target instanceof HTMLElement && target.isContentEditable);
  if (typing || event.ctrlKey || event.metaKey || event.altKey) {
    return;
  }
  // "/" jumps to the search box, as on many sites.
  if (event.key === "/") {
    const box = document.getElementById("site-search");
    if (box) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  }
  // "o" opens or closes every details block (what cleaning removed, offsets) on article pages.
  if (event.key === "o") {
    const blocks = Array.from(document.querySelectorAll("details"));
    const open = blocks.some((block) => !block.open);
    blocks.forEach((block) => { block.open = open; });
  }
});
