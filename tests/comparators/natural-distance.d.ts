// Minimal types for the deep imports of natural's distance modules, used as test and benchmark oracles.
// The package root is never imported: it loads dotenv and prints at import.
declare module 'natural/lib/natural/distance/jaro-winkler_distance.js' {
  const jaroWinklerDistance: (a: string, b: string, options?: { ignoreCase?: boolean; dj?: number }) => number;
  export default jaroWinklerDistance;
}

declare module 'natural/lib/natural/distance/levenshtein_distance.js' {
  interface EditOptions {
    insertion_cost?: number;
    deletion_cost?: number;
    substitution_cost?: number;
    transposition_cost?: number;
    restricted?: boolean;
  }
  const distances: {
    LevenshteinDistance(a: string, b: string, options?: EditOptions): number;
    DamerauLevenshteinDistance(a: string, b: string, options?: EditOptions): number;
  };
  export default distances;
}
