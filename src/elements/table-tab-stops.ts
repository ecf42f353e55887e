/**
 * Keeps a table's scrolling region a tab stop only while its table is wider than it.
 *
 * Every table sits in a region with tabindex="0" (src/components/ScrollingTable.astro,
 * src/elements/scrolling-table.ts), so that a keyboard can scroll it on a narrow screen.
 * On a wide screen most tables fit, and each would be a stop that does nothing. This removes
 * the tab stop from regions that do not scroll and puts it back when they do, as the window
 * or a table changes size. Without JavaScript every region stays a tab stop, which is safe.
 * The region keeps its role and name either way: only the tab stop changes.
 *
 * Loaded on every page by src/layouts/Page.astro. Regions added later (tables that lit
 * elements render in the browser) are found as they are added.
 */

const REGION = '.app-table-wrap';

function scrollsSideways(region: HTMLElement): boolean {
  return region.scrollWidth > region.clientWidth;
}

/**
 * A region that has focus stays a tab stop until focus leaves it (see the focusout listener):
 * taking tabindex from the focused element would drop focus back to the page.
 */
function updateTabStop(region: HTMLElement): void {
  if (scrollsSideways(region)) region.tabIndex = 0;
  else if (document.activeElement !== region) region.removeAttribute('tabindex');
}

// A region's scroll width changes with its own width (the window) or its table's (rows filtered, re-rendered).
const sizes = new ResizeObserver((entries) => {
  for (const entry of entries) {
    const region = entry.target.closest<HTMLElement>(REGION);
    if (region !== null) updateTabStop(region);
  }
});

function watch(region: HTMLElement): void {
  sizes.observe(region);
  if (region.firstElementChild !== null) sizes.observe(region.firstElementChild);
}

/** The regions an added element is, holds, or sits in (a table re-rendered inside its region). */
function regionsAt(node: Node): HTMLElement[] {
  if (!(node instanceof Element)) return [];
  const around = node.closest<HTMLElement>(REGION);
  return around !== null ? [around] : [...node.querySelectorAll<HTMLElement>(REGION)];
}

document.querySelectorAll<HTMLElement>(REGION).forEach(watch);

new MutationObserver((records) => {
  new Set(records.flatMap((record) => [...record.addedNodes].flatMap(regionsAt))).forEach(watch);
}).observe(document.body, { childList: true, subtree: true });

// Once focus has moved on, a region that no longer scrolls stops being a tab stop. Checked after
// the move, so a region that keeps focus while the window is in the background stays one.
document.addEventListener('focusout', (event) => {
  const region = event.target;
  if (region instanceof HTMLElement && region.matches(REGION)) setTimeout(() => updateTabStop(region), 0);
});
