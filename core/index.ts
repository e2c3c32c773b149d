export * from "./errors";
export * from "./clock";
export * from "./random";
export * from "./roles";
