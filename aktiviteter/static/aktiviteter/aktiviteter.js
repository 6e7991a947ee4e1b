// Progressive enhancement of the activity pages; everything works without it. Loaded after
// static/js/sections.js (the member pickers, confirmations and the "js" class).
(() => {
  "use strict";

  // The type decides the fields: when it changes, ask the server for the form of that type
  // (with what was typed kept) and swap it in.
  function bindTypeSwitch(form) {
    const type = form.querySelector("select[name=type]");
    if (!type) return;
    type.addEventListener("change", () => {
      const data = new FormData(form);
      data.set("bytt_type", "1");
      fetch(form.action || window.location.href, {
        method: "POST",
        body: data,
        headers: { "X-Aktivitet-Skjema": "1" },
        credentials: "same-origin",
      })
        .then((r) => r.text())
        .then((html) => {
          const doc = new DOMParser().parseFromString(html, "text/html");
          const fresh = doc.getElementById("aktivitet-skjema");
          if (!fresh) return;
          form.replaceWith(fresh);
          window.enhanceMemberFields(fresh);
          bindTypeSwitch(fresh);
          bindPublicFields(fresh);
          fresh.querySelector("select[name=type]").focus();
        });
    });
  }

  // The public contact person's fields show while «Vis i den offentlige kalenderen» is ticked
  // (without JavaScript they always show).
  function bindPublicFields(form) {
    const box = form.querySelector("input[name=offentlig]");
    if (!box) return;
    const fields = form.querySelectorAll(".field-kontaktperson, .field-kontakt");
    const show = () => fields.forEach((field) => { field.hidden = !box.checked; });
    box.addEventListener("change", show);
    show();
  }

  // The course page's participants (htmx swaps the part in after adding): the name search
  // of the fresh list, and focus on what was added or on the first error.
  document.addEventListener("htmx:afterSettle", () => {
    const part = document.getElementById("deltakere");
    if (!part) return;
    window.enhanceMemberFields(part);
    const target = part.querySelector("[data-added], .errorlist, [aria-invalid=true]");
    if (target) {
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus();
    }
  });

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("form[data-type-switch]").forEach(bindTypeSwitch);
    document.querySelectorAll("form[data-type-switch]").forEach(bindPublicFields);
  });
})();
