/**
 * How a Rust app makes its cookie `Key` (the `cookie` crate's, used by tower-sessions
 * and actix-session alike), in code masked by rustCode: a key generated at start-up,
 * or one written in the code. Each framework's rules carry their own id and wording.
 */
export const KEY_GENERATE = /\bKey\s*::\s*(?:generate|try_generate)\s*\(/g;

/** `Key::from(b"…")`, `Key::from("…".as_bytes())`, `Key::from(&[0; 64])`, `Key::derive_from(…)` of a literal. */
export const KEY_LITERAL = /\bKey\s*::\s*(?:from|derive_from|try_from)\s*\(\s*&?\s*(?:b?r?#*"|\[)/g;
