/* The dashboard's print button: the report is the page itself, laid out by print.css. */
(function () {
  'use strict';
  const button = document.getElementById('print-report');
  if (button) button.addEventListener('click', function () { window.print(); });
})();
