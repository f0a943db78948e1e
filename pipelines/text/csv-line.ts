/**
 * One physical CSV line as fields, the way DuckDB's reader splits it: double quotes, "" inside
 * quotes a literal quote. The project's one line splitter (series files, ingest headers, reject lines).
 */
export function splitCsvLine(line: string, delimiter = ','): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (line.startsWith(delimiter, i)) {
      out.push(cur);
      cur = '';
      i += delimiter.length - 1;
    } else cur += c;
  }
  out.push(cur);
  return out;
}
