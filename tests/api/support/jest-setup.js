/*
 * iconv-lite loads its encoding tables lazily, on the first request body, through a require that
 * Jest's module registry answers with undefined inside Strapi's body parser. Loading the tables
 * once up front avoids it. Both copies in the tree: raw-body's own and the hoisted one.
 */
for (const id of ['raw-body/node_modules/iconv-lite', 'iconv-lite']) {
  try {
    require(id).getCodec('utf8');
  } catch {
    // that copy is not installed
  }
}
