/** Imported first by bench/index.ts: quiet the AWS SDK's Node-version notice (for this process and children). */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
