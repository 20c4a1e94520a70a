// The workspace editor sends its text to the server only after a short pause in typing (data-debounce ms),
// by raising the "change" event Blazor listens to; a 30 KB module is then not sent on every keystroke.
(() => {
  const timers = new WeakMap();
  document.addEventListener('input', (event) => {
    const field = event.target;
    if (!(field instanceof HTMLTextAreaElement) || !field.dataset.debounce) {
      return;
    }
    clearTimeout(timers.get(field));
    timers.set(field, setTimeout(() => field.dispatchEvent(new Event('change', { bubbles: true })), Number(field.dataset.debounce)));
  });

  window.lpEditor = {
    // Puts the caret on a line and column from a diagnostic, and brings it into view.
    goTo(id, line, column) {
      const field = document.getElementById(id);
      if (!field) {
        return;
      }
      const lines = field.value.split('\n');
      let offset = 0;
      for (let i = 0; i < Math.min(line - 1, lines.length); i++) {
        offset += lines[i].length + 1;
      }
      offset += Math.max(0, column - 1);
      field.focus();
      field.setSelectionRange(offset, offset);
      const lineHeight = parseFloat(getComputedStyle(field).lineHeight) || 20;
      field.scrollTop = Math.max(0, (line - 3) * lineHeight);
    },
  };
})();
