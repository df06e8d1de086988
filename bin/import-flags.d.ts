export declare function importNodeFlags(databaseUrl: string | undefined): string[];
