// Tabs: MkDocs' `=== "Label"` blocks and VitePress's code groups. Without
// this script every panel shows under its label; with it, one panel at a
// time behind an ARIA tab list (← → Home End move between tabs). A label
// the reader picks is picked in every group that has it, on every page.
(function () {
  "use strict";
  var KEY = "studysite:tab";
  var groups = [];

  function labelOf(tab) {
    return tab.textContent.trim();
  }

  function select(group, index, focus) {
    group.tabs.forEach(function (tab, i) {
      var selected = i === index;
      tab.setAttribute("aria-selected", selected ? "true" : "false");
      tab.tabIndex = selected ? 0 : -1;
      group.panels[i].hidden = !selected;
    });
    if (focus) group.tabs[index].focus();
  }

  // Picks `label` in every group that has it.
  function pick(label) {
    groups.forEach(function (group) {
      for (var i = 0; i < group.tabs.length; i++) {
        if (labelOf(group.tabs[i]) === label) {
          select(group, i, false);
          return;
        }
      }
    });
  }

  function setUp(element, g) {
    var panels = Array.prototype.filter.call(element.children, function (child) {
      return child.classList.contains("tab-panel");
    });
    if (!panels.length) return;
    var list = document.createElement("div");
    list.className = "tab-list";
    list.setAttribute("role", "tablist");
    var group = { panels: panels, tabs: [] };
    panels.forEach(function (panel, i) {
      var label = panel.querySelector(".tab-label");
      var tab = document.createElement("button");
      tab.type = "button";
      tab.className = "tab";
      tab.id = "tab-" + g + "-" + i;
      tab.setAttribute("role", "tab");
      if (!panel.id) panel.id = "tab-panel-" + g + "-" + i;
      tab.setAttribute("aria-controls", panel.id);
      tab.innerHTML = label ? label.innerHTML : String(i + 1);
      if (label) label.hidden = true;
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      panel.tabIndex = 0;
      list.appendChild(tab);
      group.tabs.push(tab);
    });
    list.addEventListener("click", function (event) {
      var index = group.tabs.indexOf(event.target.closest(".tab"));
      if (index < 0) return;
      var label = labelOf(group.tabs[index]);
      try { localStorage.setItem(KEY, label); } catch (e) { /* storage off */ }
      select(group, index, false);
      pick(label);
    });
    list.addEventListener("keydown", function (event) {
      var index = group.tabs.indexOf(document.activeElement);
      var last = group.tabs.length - 1;
      var next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: last }[event.key];
      if (index < 0 || next === undefined) return;
      // The page's own ← / → (previous and next chapter) wait.
      event.preventDefault();
      select(group, next > last ? 0 : next < 0 ? last : next, true);
    });
    element.insertBefore(list, element.firstChild);
    element.classList.add("tabs-ready");
    groups.push(group);
    select(group, 0, false);
  }

  Array.prototype.forEach.call(document.querySelectorAll(".tabs"), setUp);
  var saved = null;
  try { saved = localStorage.getItem(KEY); } catch (e) { /* storage off */ }
  if (saved) pick(saved);
})();
