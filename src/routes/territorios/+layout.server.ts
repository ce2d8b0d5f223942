// Reading pages need no JavaScript at all: links and GET forms do everything, and slow links get ~4 kB pages.
export const csr = false;
