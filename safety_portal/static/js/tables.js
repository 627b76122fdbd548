/* Tables become stacked cards on a phone (site.css, under 600px): each cell is labelled
   with its column's heading, read here from the table's own header row. Without this
   script a table still scrolls sideways; nothing is lost. */
(function () {
  "use strict";
  function label(table) {
    var headings = [];
    var head = table.tHead && table.tHead.rows[0];
    if (!head) { return; }
    Array.prototype.forEach.call(head.cells, function (cell) {
      for (var n = 0; n < (cell.colSpan || 1); n += 1) { headings.push(cell.textContent.trim()); }
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute("data-label") && headings[column]) {
            cell.setAttribute("data-label", headings[column]);
          }
          column += cell.colSpan || 1;
        });
      });
    });
    table.classList.add("stacks");
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("main table"), label);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
