export declare const importNodeFlags: string[];
