// A reading page: no JavaScript sent.
export const csr = false;
