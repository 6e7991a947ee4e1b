// Progressive enhancement only: every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Submit filter forms when a select changes (the submit button stays for keyboard users).
  document.querySelectorAll("form[data-autosubmit] select").forEach((el) => {
    el.addEventListener("change", () => el.form.requestSubmit());
  });
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
