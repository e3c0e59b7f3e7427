// The dev page: renders each state the receiver sends over Server-Sent Events. Every value from
// a span is set with textContent, never as HTML, so an attribute value cannot become markup.
'use strict';

const usd = (value) => '$' + (value >= 1 ? value.toFixed(2) : value === 0 ? '0' : value.toPrecision(3));
const count = (value) => (value === undefined || value === null ? '' : value.toLocaleString('en-US'));
const compact = (value) =>
  value >= 1e6 ? (value / 1e6).toFixed(1) + 'M' : value >= 1e4 ? (value / 1e3).toFixed(1) + 'k' : count(value);
const time = (ms) => new Date(ms).toLocaleTimeString('en-GB', { hour12: false });
const duration = (ms) => (ms >= 1000 ? (ms / 1000).toFixed(2) + ' s' : Math.round(ms) + ' ms');

function setText(id, text) {
  document.getElementById(id).textContent = text;
}

/** Rebuilds a table: columns are [heading, read(row), className?]. */
function renderTable(id, columns, rows, emptyText) {
  const table = document.getElementById(id);
  const head = document.createElement('tr');
  for (const [heading, , className] of columns) {
    const th = document.createElement('th');
    th.textContent = heading;
    if (typeof className === 'string') th.className = className;
    head.append(th);
  }
  const body = rows.map((row) => {
    const tr = document.createElement('tr');
    for (const [, read, className] of columns) {
      const td = document.createElement('td');
      const value = read(row);
      if (Array.isArray(value)) {
        // [text, note]: the note on its own line in a smaller type.
        const note = document.createElement('span');
        note.className = 'note';
        note.textContent = value[1];
        td.append(value[0], note);
      } else {
        td.textContent = value === undefined ? '' : String(value);
      }
      const cls = typeof className === 'function' ? className(row) : className;
      if (cls) td.className = cls;
      td.title = td.textContent;
      tr.append(td);
    }
    return tr;
  });
  if (body.length === 0) {
    const tr = document.createElement('tr');
    const td = document.createElement('td');
    td.colSpan = columns.length;
    td.className = 'none';
    td.textContent = emptyText;
    tr.append(td);
    body.push(tr);
  }
  table.replaceChildren(head, ...body);
}

const GROUP_COLUMNS = (heading) => [
  [heading, (row) => row.key],
  ['Calls', (row) => count(row.calls), 'num'],
  ['Tokens', (row) => compact(row.inputTokens + row.outputTokens), 'num'],
  ['Cost', (row) => (row.unpricedCalls > 0 ? [usd(row.costUsd), '+ ' + row.unpricedCalls + ' unpriced'] : usd(row.costUsd)), 'num wrap'],
];

function render(state) {
  const { totals } = state;
  setText('total-cost', usd(totals.costUsd));
  setText('total-calls', count(totals.calls));
  setText('total-input', count(totals.inputTokens));
  setText('total-output', count(totals.outputTokens));
  setText('total-unpriced', count(totals.unpricedCalls));
  setText('total-rejected', count(state.rejected.total));
  document.getElementById('empty').hidden = totals.calls > 0;
  setText('endpoint-hint', state.otlpUrl);
  setText('dropped', state.droppedCalls > 0 ? `(${count(state.droppedCalls)} older calls only in the totals)` : '');

  renderTable('by-entity', GROUP_COLUMNS('Entity'), state.byEntity, 'No calls yet');
  renderTable('by-model', GROUP_COLUMNS('Model'), state.byModel, 'No calls yet');
  renderTable('by-tag', GROUP_COLUMNS('Tag'), state.byTag, 'No tagged calls yet');
  renderTable(
    'latest',
    [
      ['Time', (c) => time(c.time)],
      ['Entity', (c) => (c.entityId === undefined ? '(none)' : (c.entityType ?? '') + ' ' + c.entityId)],
      ['Model', (c) => c.model],
      ['Operation', (c) => c.operation],
      ['Tokens in', (c) => count(c.inputTokens), 'num'],
      ['Tokens out', (c) => count(c.outputTokens), 'num'],
      ['Cost', (c) => (c.costUsd === undefined ? '' : usd(c.costUsd)), 'num'],
      ['Cost status', (c) => c.costStatus, (c) => (c.isPriced ? 'status-priced' : 'status-unpriced')],
      ['Duration', (c) => duration(c.durationMs), 'num'],
      ['Result', (c) => (c.isError ? 'error' : 'ok')],
    ],
    state.latest,
    'No calls yet',
  );
  renderTable(
    'unpriced',
    [
      ['Status', (u) => u.status],
      ['Calls', (u) => count(u.calls), 'num'],
      ['Models', (u) => u.models.join(', ')],
    ],
    state.unpriced,
    'Every call was priced',
  );
  renderTable(
    'rejected',
    [
      ['Time', (r) => time(r.time)],
      ['Status', (r) => r.status, 'num'],
      ['Path', (r) => r.path],
      ['Reason', (r) => r.reason, 'wrap'],
    ],
    state.rejected.latest,
    'Nothing rejected',
  );
  const { received } = state;
  renderTable(
    'received',
    [
      ['What', (row) => row[0]],
      ['Count', (row) => row[1], 'num'],
    ],
    [
      ['Trace batches', count(received.traceBatches)],
      ['Spans (not LLM calls)', count(received.spans) + ' (' + count(received.otherSpans) + ')'],
      ['Metric batches', count(received.metricBatches)],
      ['Metric points', count(received.metricPoints)],
      ['Distinct metrics', count(received.metricNames.length)],
    ],
    '',
  );
}

function connect() {
  const connection = document.getElementById('connection');
  const events = new EventSource('/events');
  events.addEventListener('state', (event) => {
    connection.dataset.state = 'live';
    connection.textContent = 'live';
    render(JSON.parse(event.data));
  });
  events.addEventListener('error', () => {
    // EventSource reconnects by itself; say so until it does.
    connection.dataset.state = 'disconnected';
    connection.textContent = 'receiver not reachable, retrying…';
  });
}

connect();
