// Types of scripts/build-stamp.mjs for the TypeScript test setup that imports it.
export const ROOT: string;
export const STAMP_FILE: string;
export function sourceHash(): string;
export function distIsCurrent(): boolean;
