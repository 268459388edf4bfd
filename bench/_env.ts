/**
 * Imported first by bench/index.ts: quiet the AWS SDK's Node-version notice (for this process and children), and
 * the heap growth the CLI uses, so the figures are the CLI's.
 */
import { tuneHeapGrowth } from '../src/runner/heap.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
tuneHeapGrowth();
