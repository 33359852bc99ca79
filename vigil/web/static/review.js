// The review queue's keys: each element with a data-key is chosen (a radio) or clicked (a
// button, a link) by that key. Nothing happens while a text field has the focus, or with a
// modifier held, so typing a note or a browser shortcut is never taken for a decision.
"use strict";
document.addEventListener("keydown", function (event) {
  if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
  var typing = event.target.closest("textarea, input[type=text], select");
  if (typing) return;
  var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  var target = document.querySelector('[data-key="' + CSS.escape(key) + '"]');
  if (!target) return;
  event.preventDefault();
  if (target.type === "radio") {
    target.checked = true;
    target.focus();
  } else {
    target.click();
  }
});
