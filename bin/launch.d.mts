/** Types of launch.mjs (see there). */
export declare const ROOT: string;
export declare const NODE_FLAGS: string[];
export declare function childEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export declare function bundled(entry: string): Promise<string>;
