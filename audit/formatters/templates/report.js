(function () {
  'use strict';
  var body = document.body;
  var container = document.getElementById('page');
  var pageSize = Number(container.dataset.pageSize);
  var pages = Number(container.dataset.pages);
  var current = 1;
  var status = document.getElementById('page-status');

  var firstPage = null;  // page 1's nodes, kept while another page is shown
  var pending = Promise.resolve();

  // Pages after the first are gzipped markup, base64 in data blocks rendered by newsaudit:
  // unpacked into an inert <template> and moved into the page.
  function unpack(k) {
    var data = document.getElementById('page-' + k).textContent;
    var bytes = Uint8Array.from(atob(data.trim()), function (c) { return c.charCodeAt(0); });
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text().then(function (markup) {
      var holder = document.createElement('template');
      holder.innerHTML = markup;
      return holder.content;
    });
  }

  function showPage(k) {
    pending = pending.then(function () {
      if (k < 1 || k > pages || k === current) { return null; }
      if (current === 1) {
        firstPage = document.createDocumentFragment();
        while (container.firstChild) { firstPage.appendChild(container.firstChild); }
      }
      var ready = k === 1 ? Promise.resolve(firstPage) : unpack(k);
      return ready.then(function (nodes) {
        container.replaceChildren(nodes);
        current = k;
        status.textContent = 'Page ' + k + ' of ' + pages;
        document.querySelectorAll('[data-page-step]').forEach(function (b) {
          var step = Number(b.dataset.pageStep);
          b.disabled = current + step < 1 || current + step > pages;
        });
      });
    });
    return pending;
  }

  function positionOf(id) {
    var m = /^(?:article-|a)(\d+)(?:-o\d+)?$/.exec(id);
    return m ? Number(m[1]) : null;
  }

  function reveal(id) {
    var pos = positionOf(id);
    if (pos === null) {
      var plain = document.getElementById(id);
      if (plain) { plain.scrollIntoView({block: 'start'}); }
      return;
    }
    showPage(Math.floor(pos / pageSize) + 1).then(function () {
      var target = document.getElementById(id);
      if (!target) { return; }
      var details = target.tagName === 'DETAILS' ? target : target.closest('details');
      if (details) { details.open = true; }
      document.querySelectorAll('.current').forEach(function (el) { el.classList.remove('current'); });
      target.classList.add('current');
      target.scrollIntoView({block: 'center'});
      target.focus({preventScroll: true});
    });
  }

  document.addEventListener('click', function (event) {
    var link = event.target.closest('a[href^="#"]');
    if (link) {
      event.preventDefault();
      var id = link.getAttribute('href').slice(1);
      history.replaceState(null, '', '#' + id);
      reveal(id);
      return;
    }
    var row = event.target.closest('[data-goto]');
    if (row) { reveal(row.dataset.goto); return; }
    var step = event.target.closest('[data-page-step]');
    if (step) { showPage(current + Number(step.dataset.pageStep)); return; }
    var sorter = event.target.closest('button[data-sort]');
    if (sorter) { sortBy(sorter); }
  });

  document.addEventListener('keydown', function (event) {
    var tag = event.target.tagName;
    if (event.target.dataset && event.target.dataset.goto && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      reveal(event.target.dataset.goto);
      return;
    }
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (event.key === ']') { showPage(current + 1); }
    else if (event.key === '[') { showPage(current - 1); }
    else if (event.key === 'n' || event.key === 'p') { stepMark(event.key === 'n' ? 1 : -1); }
  });

  function shown(mark) {
    return !Array.prototype.some.call(mark.classList, function (name) {
      return body.classList.contains('hide-' + name);
    });
  }

  function stepMark(step) {
    var marks = Array.prototype.filter.call(container.querySelectorAll('details[open] mark[id]'), shown);
    if (!marks.length) { return; }
    var at = marks.indexOf(document.activeElement);
    reveal(marks[(at + step + marks.length) % marks.length].id);
  }

  document.querySelectorAll('input[data-filter]').forEach(function (box) {
    body.classList.toggle('hide-' + box.dataset.filter, !box.checked);  // a restored form state
    box.addEventListener('change', function () {
      body.classList.toggle('hide-' + box.dataset.filter, !box.checked);
    });
  });

  function sortBy(button) {
    var th = button.closest('th');
    var table = th.closest('table');
    var key = button.dataset.sort;
    var ascending = th.getAttribute('aria-sort') !== 'ascending';
    table.querySelectorAll('th[aria-sort]').forEach(function (other) { other.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.sort(function (a, b) {
      var x = a.dataset[key], y = b.dataset[key];
      var nx = Number(x), ny = Number(y);
      var order = (isNaN(nx) || isNaN(ny)) ? x.localeCompare(y) : nx - ny;
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { tbody.appendChild(row); });
  }

  var opened = [];
  window.addEventListener('beforeprint', function () {
    container.querySelectorAll('details:not([open])').forEach(function (d) { d.open = true; opened.push(d); });
  });
  window.addEventListener('afterprint', function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  window.addEventListener('hashchange', function () { reveal(location.hash.slice(1)); });
  if (location.hash) { reveal(location.hash.slice(1)); }
})();
