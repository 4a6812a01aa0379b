// esep: drop files on a form's zone to send them; a job page follows its job until it is done.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-drop]").forEach(function (form) {
    var input = form.querySelector("input[type=file]");
    form.classList.add("live");  // choosing or dropping sends: the send button is for no script
    ["dragenter", "dragover"].forEach(function (name) {
      form.addEventListener(name, function (e) { e.preventDefault(); form.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      form.addEventListener(name, function (e) { e.preventDefault(); form.classList.remove("over"); });
    });
    form.addEventListener("drop", function (e) {
      if (!e.dataTransfer || !e.dataTransfer.files.length) { return; }
      input.files = e.dataTransfer.files;
      form.classList.add("sending");
      form.submit();
    });
    input.addEventListener("change", function () {
      if (input.files.length) { form.classList.add("sending"); form.submit(); }
    });
  });
  var job = document.querySelector("[data-job]");
  if (!job || !job.querySelector("progress")) { return; }
  var bar = job.querySelector("progress"), step = job.querySelector(".job-step"),
      secs = job.querySelector(".job-seconds"), error = job.querySelector(".job-error");
  function poll() {
    fetch(job.dataset.job, {credentials: "same-origin"}).then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.state === "done") { window.location.assign(s.next); return; }
        if (s.state === "failed") {
          bar.hidden = true; step.hidden = true; secs.parentNode.hidden = true;  // no "go on working"
          error.hidden = false; error.textContent = s.message;
          job.querySelector(".job-back").hidden = false;
          return;
        }
        if (s.total) { bar.max = s.total; bar.value = s.done; step.textContent = s.done + " / " + s.total + " " + s.step; }
        secs.textContent = s.seconds;
        window.setTimeout(poll, 500);
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 300);
});
