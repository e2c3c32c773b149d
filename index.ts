// The stack program: filled in by the stack issue. Until then it deploys nothing.
export {};
