// The script the reference page runs beside Redoc (src/build.ts inlines its source): it keeps what Redoc renders
// reachable and readable as Redoc re-renders it. It must stand alone (no imports, no outer names), since only
// its text reaches the page.

/** Watches the page and fixes, on every change, what Redoc 3 renders. */
export function enhancePage(): void {
  // Tables already fitted (a table Redoc replaces is a new element, fitted again).
  const fitted = new WeakSet<HTMLTableElement>();

  // A table too wide for its column is stacked: each row a block, each cell under its column's name (as
  // `data-label`), so a phone shows every cell without scrolling sideways. Roles keep it a table for a screen
  // reader, which a `display: block` would otherwise take away.
  function fit(table: HTMLTableElement): void {
    table.classList.remove('stacked');
    if (table.clientWidth === 0) return; // not laid out yet (a closed panel): fitted when it is
    fitted.add(table);
    if (table.scrollWidth > table.clientWidth + 1) table.classList.add('stacked');
    // A cell that scrolls must be reachable from the keyboard (axe: scrollable-region-focusable).
    for (const cell of table.querySelectorAll('td')) {
      if (cell.scrollWidth > cell.clientWidth + 1) cell.setAttribute('tabindex', '0');
      else cell.removeAttribute('tabindex');
    }
  }
  function label(table: HTMLTableElement): void {
    const names = [...table.querySelectorAll('thead th')].map((th) => (th.textContent ?? '').trim());
    table.setAttribute('role', 'table');
    for (const group of table.querySelectorAll('thead, tbody')) group.setAttribute('role', 'rowgroup');
    for (const row of table.querySelectorAll('tr')) row.setAttribute('role', 'row');
    for (const th of table.querySelectorAll('thead th')) th.setAttribute('role', 'columnheader');
    for (const row of table.querySelectorAll('tbody tr'))
      [...row.children].forEach((cell, i) => {
        cell.setAttribute('role', 'cell');
        const name = names[i];
        if (name) cell.setAttribute('data-label', name);
      });
  }

  // A result-code table (code, status, message, what to do) is marked, with the text column and the row that hold
  // it, so the two-column layout can give it both columns (build.ts's STYLE); it is fitted, and stacked only if
  // even that is too narrow (a phone). Redoc's layout switch rewrites the row's classes: the marks are then set
  // again where the row is still two columns (Redoc's own flex-direction), and left off where it stacks them.
  function widen(table: HTMLTableElement): void {
    const names = [...table.querySelectorAll('thead th')].map((th) => (th.textContent ?? '').trim());
    if (names[0] !== 'code' || !names.includes('what to do')) return;
    const block = table.closest('.md-table-wrapper')?.parentElement;
    const column = block?.closest<HTMLElement>('[data-testid="middle-panel"]');
    const row = column?.parentElement;
    if (!block || !column || !row || block.parentElement !== column) return;
    const beside = getComputedStyle(row).flexDirection === 'row';
    if (beside === row.classList.contains('result-codes-row')) return;
    block.classList.toggle('result-codes', beside);
    column.classList.toggle('result-codes-column', beside);
    row.classList.toggle('result-codes-row', beside);
    if (table.clientWidth > 0) fit(table);
  }
  const panels = '[data-testid="middle-panel"], :has(> [data-testid="middle-panel"])';
  new MutationObserver((changes) => {
    if (!changes.some((change) => (change.target as Element).matches(panels))) return;
    for (const table of document.querySelectorAll<HTMLTableElement>('#api-content table')) widen(table);
  }).observe(document.documentElement, { subtree: true, attributeFilter: ['class'] });

  function fix(): void {
    // Redoc 3 routes by the hash (#/section/hosts) but writes its links as root paths (/section/hosts), which only a
    // left click inside the page follows: in a new tab, copied, on a static host or from file://, they are dead.
    // Each gets the hash form the router reads, so it resolves when opened on its own.
    for (const a of document.querySelectorAll('a[href^="/"]:not([href^="//"])'))
      a.setAttribute('href', `#${a.getAttribute('href')}`);
    // A heading inside an operation's description links to #/op#op/heading while its id is /op/heading, so the
    // router, not finding the fragment, stops at the operation: the link is pointed at the id the heading has.
    for (const a of document.querySelectorAll('a[href^="#/"][href*="#"]')) {
      const href = a.getAttribute('href') ?? '';
      const at = href.indexOf('#', 1);
      const fragment = href.slice(at + 1);
      if (at < 0 || fragment === '' || fragment.startsWith('/') || document.getElementById(fragment) !== null) continue;
      if (document.getElementById(`/${fragment}`) !== null)
        a.setAttribute('href', `${href.slice(0, at + 1)}/${fragment}`);
    }
    // The sidebar as a landmark beside Redoc's <main>, so a screen reader can jump to it and every part of the
    // page sits in a landmark (axe: region).
    for (const menu of document.querySelectorAll('.menu-content:not([role])')) {
      menu.setAttribute('role', 'navigation');
      menu.setAttribute('aria-label', 'Sections and operations');
    }
    // Code blocks scroll, so a keyboard must be able to reach them (axe: scrollable-region-focusable).
    for (const pre of document.querySelectorAll('pre:not([tabindex])')) pre.setAttribute('tabindex', '0');
    // A dropdown labelled "Example" that shows "Create a new store" must have an accessible name containing what it
    // shows (axe: label-content-name-mismatch): its name becomes "Example: Create a new store", kept up to date.
    for (const button of document.querySelectorAll<HTMLElement>('button[aria-label]')) {
      const shown = (button.textContent ?? '').trim();
      const name = button.dataset.label ?? button.getAttribute('aria-label') ?? '';
      if (shown === '' || name.includes(shown)) continue;
      button.dataset.label = name;
      if (button.getAttribute('aria-label') !== `${name}: ${shown}`)
        button.setAttribute('aria-label', `${name}: ${shown}`);
    }
    for (const table of document.querySelectorAll<HTMLTableElement>('#api-content table')) {
      if (fitted.has(table)) continue;
      label(table);
      widen(table);
      fit(table);
    }
  }

  new MutationObserver(fix).observe(document.documentElement, {
    subtree: true,
    childList: true,
    characterData: true,
    attributeFilter: ['href'],
  });
  addEventListener('resize', () => {
    for (const table of document.querySelectorAll<HTMLTableElement>('#api-content table')) {
      widen(table);
      fit(table);
    }
  });
}
