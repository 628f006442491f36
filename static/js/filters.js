// On a phone, fold the filters away (unless some are on) so the dates come first.
// Without JavaScript the filters simply stay open: everything still works.
(function () {
  var details = document.querySelector("details[data-collapse-narrow]");
  if (!details || details.hasAttribute("data-has-filters")) return;
  if (window.matchMedia("(max-width: 52rem)").matches) details.open = false;
})();
