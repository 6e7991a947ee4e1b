// Progressive enhancement of the section pages of several apps (activities, the chapters'
// follow-up): member pickers and searches, confirmations. Everything works without it.
(() => {
  "use strict";
  document.documentElement.classList.add("js");

  // Member pickers (checkbox lists): type a name to filter; names outside the list are
  // fetched from the server (only members the user may see) and added, ticked.
  function enhancePicker(picker) {
    const search = picker.querySelector(".member-search");
    const results = picker.querySelector(".member-results");
    const options = picker.querySelector(".member-options");
    if (!search || picker.dataset.enhanced) return;
    picker.dataset.enhanced = "1";
    search.hidden = false;
    let timer = null;
    search.addEventListener("input", () => {
      const q = search.value.trim().toLowerCase();
      options.querySelectorAll(".member-option").forEach((label) => {
        const checked = label.querySelector("input").checked;
        label.hidden = q !== "" && !checked && !label.textContent.toLowerCase().includes(q);
      });
      clearTimeout(timer);
      results.hidden = true;
      results.replaceChildren();
      if (q.length < 2) return;
      timer = setTimeout(() => lookup(q), 250);
    });
    function lookup(q) {
      const url = `${picker.dataset.searchUrl}?q=${encodeURIComponent(q)}`;
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then((r) => (r.ok ? r.json() : { results: [] }))
        .then((data) => {
          const present = new Set(
            [...options.querySelectorAll("input")].map((input) => input.value),
          );
          const fresh = data.results.filter((m) => !present.has(String(m.id)));
          results.replaceChildren(
            ...fresh.map((m) => {
              const li = document.createElement("li");
              const button = document.createElement("button");
              button.type = "button";
              button.textContent = `${m.navn} (${m.lokallag})`;
              button.addEventListener("click", () => add(m));
              li.append(button);
              return li;
            }),
          );
          results.hidden = fresh.length === 0;
        });
    }
    function add(member) {
      const label = document.createElement("label");
      label.className = "member-option";
      const input = document.createElement("input");
      input.type = "checkbox";
      input.name = picker.dataset.name;
      input.value = member.id;
      input.checked = true;
      const span = document.createElement("span");
      span.textContent = member.navn;
      label.append(input, " ", span);
      options.prepend(label);
      results.hidden = true;
      search.value = "";
      search.dispatchEvent(new Event("input"));
      search.focus();
    }
  }

  // Single member selects: a search box that adds the found member to the select.
  function enhanceSelect(select) {
    if (select.dataset.enhanced) return;
    select.dataset.enhanced = "1";
    const search = document.createElement("input");
    search.type = "search";
    search.className = "member-search";
    search.placeholder = select.dataset.placeholder || "";
    search.setAttribute("aria-label", select.dataset.placeholder || "");
    search.autocomplete = "off";
    const results = document.createElement("ul");
    results.className = "member-results";
    results.hidden = true;
    select.before(search, results);
    let timer = null;
    search.addEventListener("input", () => {
      clearTimeout(timer);
      const q = search.value.trim();
      results.hidden = true;
      if (q.length < 2) return;
      timer = setTimeout(() => {
        fetch(`${select.dataset.searchUrl}?q=${encodeURIComponent(q)}`, { credentials: "same-origin" })
          .then((r) => (r.ok ? r.json() : { results: [] }))
          .then((data) => {
            results.replaceChildren(
              ...data.results.map((m) => {
                const li = document.createElement("li");
                const button = document.createElement("button");
                button.type = "button";
                button.textContent = `${m.navn} (${m.lokallag})`;
                button.addEventListener("click", () => {
                  let option = select.querySelector(`option[value="${m.id}"]`);
                  if (!option) {
                    option = new Option(`${m.navn} (${m.lokallag})`, m.id);
                    select.add(option);
                  }
                  select.value = String(m.id);
                  results.hidden = true;
                  search.value = "";
                });
                li.append(button);
                return li;
              }),
            );
            results.hidden = data.results.length === 0;
          });
      }, 250);
    });
  }

  function enhance(root) {
    root.querySelectorAll("[data-member-picker]").forEach(enhancePicker);
    root.querySelectorAll("select[data-member-select]").forEach(enhanceSelect);
  }
  // For scripts that swap in new form content (the activity form's type switch).
  window.enhanceMemberFields = enhance;

  document.addEventListener("DOMContentLoaded", () => {
    enhance(document);
    document.querySelectorAll("[data-confirm]").forEach((button) => {
      button.addEventListener("click", (event) => {
        if (!window.confirm(button.dataset.confirm)) event.preventDefault();
      });
    });
    document.querySelectorAll("[data-select-on-focus]").forEach((input) => {
      input.addEventListener("focus", () => input.select());
    });
  });
})();
