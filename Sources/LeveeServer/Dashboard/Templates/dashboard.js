document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("filters");
  if (!form) return;
  form.querySelectorAll("select").forEach(function (s) {
    s.addEventListener("change", function () { form.submit(); });
  });
});