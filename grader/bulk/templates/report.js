// Sorting by a click on a column's header, and the gradebook's filters (name, status, exercise).
(function () {
  function cellValue(row, index) {
    var cell = row.cells[index];
    var value = cell.getAttribute("data-value") || cell.textContent.trim();
    var number = parseFloat(value);
    return isNaN(number) ? value.toLowerCase() : number;
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("th.sortable").forEach(function (header) {
      header.addEventListener("click", function () {
        var index = header.cellIndex, body = table.tBodies[0];
        var ascending = header.getAttribute("data-order") !== "ascending";
        header.setAttribute("data-order", ascending ? "ascending" : "descending");
        Array.from(body.rows).sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
        }).forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  var table = document.getElementById("gradebook");
  if (!table) { return; }
  var name = document.getElementById("filter-name"), status = document.getElementById("filter-status"),
      exercise = document.getElementById("filter-exercise");
  function apply() {
    var text = name.value.trim().toLowerCase(), wanted = status.value, only = exercise.value;
    table.querySelectorAll("[data-exercise]").forEach(function (cell) {
      cell.hidden = only !== "" && cell.getAttribute("data-exercise") !== only;
    });
    Array.from(table.tBodies[0].rows).forEach(function (row) {
      var statuses = Array.from(row.querySelectorAll("td[data-status]")).filter(function (cell) {
        return only === "" || cell.getAttribute("data-exercise") === only;
      }).map(function (cell) { return cell.getAttribute("data-status"); });
      row.hidden = (text !== "" && row.getAttribute("data-student").toLowerCase().indexOf(text) < 0)
        || (wanted !== "" && statuses.indexOf(wanted) < 0);
    });
  }
  [name, status, exercise].forEach(function (control) {
    control.addEventListener("input", apply);
    control.addEventListener("change", apply);
  });
})();
