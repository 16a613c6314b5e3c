/* Meetings: the agenda's rows can be reordered by drag and drop (the meeting page, for coordinators). */
// Drag and drop on top of the up/down buttons: the rows can be dragged, the new order is sent as a normal form.
(function () {
  var body = document.querySelector("tbody[data-reorder-form]");
  if (!body || !("draggable" in document.createElement("tr"))) return;
  var form = document.getElementById(body.dataset.reorderForm);
  var hint = document.querySelector(".reorder-hint");
  var order = function () {
    return Array.prototype.map.call(body.querySelectorAll("tr[data-item]"), function (row) { return row.dataset.item; }).join(",");
  };
  var before = order();
  var dragged = null;
  if (hint) hint.hidden = false;
  body.querySelectorAll("tr[data-item]").forEach(function (row) {
    row.draggable = true;
    row.classList.add("agenda-draggable");
    row.addEventListener("dragstart", function (event) {
      dragged = row;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.dataset.item);
      row.classList.add("opacity-50");
    });
    row.addEventListener("dragover", function (event) {
      if (!dragged || dragged === row) return;
      event.preventDefault();
      var box = row.getBoundingClientRect();
      body.insertBefore(dragged, event.clientY > box.top + box.height / 2 ? row.nextSibling : row);
    });
    row.addEventListener("drop", function (event) { event.preventDefault(); });
    row.addEventListener("dragend", function () {
      row.classList.remove("opacity-50");
      dragged = null;
      if (order() !== before) {
        form.elements.order.value = order();
        form.submit();
      }
    });
  });
})();
