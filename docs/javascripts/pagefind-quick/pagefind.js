// Pagefind for the header box (search.js passes this folder as Pagefind UI's bundlePath): the
// site's own /pagefind/pagefind.js, with two changes.
// * `filters()` loads nothing. Pagefind UI loads every filter of the index as soon as it starts,
//   to offer them in its drawer; the header box offers none (the search page at /search/ has them)
//   and the filter chunks are the brief pages' filters for the search page: about 55 KB at 5,000
//   briefs, on the way to the first results.
// * `search()` lists the hand-written pages (about, contribute, API: filter kind:site, labelled
//   "Site page"; site/sitepages.py) after the briefs, topics and timeline, in their own order, as
//   the search page does (search-page.js). Finding them costs one more search with that filter,
//   whose chunk holds only those pages.
// The real module derives where the index is from its own address, so nothing else changes.
import * as pagefind from "../../pagefind/pagefind.js";

export const options = pagefind.options;
export const init = pagefind.init;
export const destroy = pagefind.destroy;
export const mergeIndex = pagefind.mergeIndex;
export const preload = pagefind.preload;
export const createInstance = pagefind.createInstance;
export const filters = async () => ({});

// The results of `term` with the site pages among them moved to the end.
async function sitePagesLast(term, given, found) {
  if (!found || term === null || term === undefined || (given.filters && Object.keys(given.filters).length)) {
    return found;  // a filtered search (the search page's kind) has no site pages
  }
  const site = await pagefind.search(term, Object.assign({}, given, { filters: { kind: ["site"] }, sort: {} }));
  if (!site || !site.results.length) return found;
  const isSite = new Set(site.results.map((r) => r.id));
  const results = found.results.filter((r) => !isSite.has(r.id))
    .concat(found.results.filter((r) => isSite.has(r.id)));
  return Object.assign({}, found, { results });
}

export async function search(term, options) {
  const given = options || {};
  return sitePagesLast(term, given, await pagefind.search(term, given));
}

export async function debouncedSearch(term, options, timeout) {
  const given = options || {};
  return sitePagesLast(term, given, await pagefind.debouncedSearch(term, given, timeout));
}
