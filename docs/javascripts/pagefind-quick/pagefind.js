// Pagefind for the header box (search.js passes this folder as Pagefind UI's bundlePath): the
// site's own /pagefind/pagefind.js, except that `filters()` loads nothing. Pagefind UI loads every
// filter of the index as soon as it starts, to offer them in its drawer; the header box offers
// none (the search page at /search/ has them) and the filter chunks are the brief pages' filters
// for the search page: about 55 KB at 5,000 briefs, on the way to the first results. The real
// module derives where the index is from its own address, so nothing else changes.
import * as pagefind from "../../pagefind/pagefind.js";

export const options = pagefind.options;
export const init = pagefind.init;
export const destroy = pagefind.destroy;
export const mergeIndex = pagefind.mergeIndex;
export const search = pagefind.search;
export const debouncedSearch = pagefind.debouncedSearch;
export const preload = pagefind.preload;
export const createInstance = pagefind.createInstance;
export const filters = async () => ({});
