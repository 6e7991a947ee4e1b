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
});
