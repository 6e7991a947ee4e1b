// Progressive enhancement only: every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Submit filter forms when a select changes (the submit button stays for keyboard users).
  document.querySelectorAll("form[data-autosubmit] select").forEach((el) => {
    el.addEventListener("change", () => el.form.requestSubmit());
  });
  // On a phone the menus scroll sideways: bring the current page's item into view.
  document.querySelectorAll(".main-nav ul, .subnav ul").forEach((strip) => {
    const current = strip.querySelector("[aria-current='page']");
    if (current && strip.scrollWidth > strip.clientWidth) {
      const item = current.getBoundingClientRect();
      const box = strip.getBoundingClientRect();
      strip.scrollLeft += item.left - box.left - (box.width - item.width) / 2;
    }
  });
  // The error summary (templates/error_summary.html): focus moves to it so that a screen
  // reader reads it and a phone shows it; its links focus the field and show its label.
  const summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", (event) => {
      const link = event.target.closest("a[href^='#']");
      const target = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!target) return;
      event.preventDefault();
      const field = target.closest(".field, fieldset, label") || target;
      field.scrollIntoView({ block: "start" });
      target.focus({ preventScroll: true });
    });
  }
  // Mark invalid fields for assistive technology.
  document.querySelectorAll(".errorlist").forEach((list) => {
    const field = list.parentElement && list.parentElement.querySelector("input, select, textarea");
    if (field) field.setAttribute("aria-invalid", "true");
  });
  // A table wider than its box scrolls inside it: say so (the .scroll-hint before the box, a
  // faded edge while columns remain to the right) and let the keyboard reach the box.
  const wraps = document.querySelectorAll(".table-wrap");
  const mark = (wrap) => {
    const scrollable = wrap.scrollWidth > wrap.clientWidth + 1;
    wrap.classList.toggle("is-scrollable", scrollable);
    wrap.classList.toggle("at-end", wrap.scrollLeft + wrap.clientWidth >= wrap.scrollWidth - 1);
    if (scrollable) wrap.setAttribute("tabindex", "0");
    else wrap.removeAttribute("tabindex");
  };
  wraps.forEach((wrap) => {
    mark(wrap);
    wrap.addEventListener("scroll", () => mark(wrap), { passive: true });
  });
  window.addEventListener("resize", () => wraps.forEach(mark));
});
