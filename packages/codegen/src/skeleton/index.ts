/**
 * Server skeletons: a module implementing every method of an IDL's services with a stub that
 * throws `unimplemented`, typed against the generated handler types. {@link writeSkeleton} is
 * `rpcgen skeleton`; {@link renderSkeleton} only builds the source.
 */
export { type RenderSkeletonOptions, renderSkeleton, type SkeletonInput } from "./render.js";
export {
  type SkeletonError,
  type SkeletonOptions,
  type SkeletonResult,
  writeSkeleton,
} from "./write.js";
