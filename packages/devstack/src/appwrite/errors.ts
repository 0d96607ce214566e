// Appwrite's error body and the closed list of error types the emulator answers with.
// Body: {"message","code","type","version"}; HTTP status = code (see shared/reference/appwrite-1.9-wire-api.md §1.3).

export const APPWRITE_VERSION = "1.9.6";

const TYPES = {
  general_argument_invalid: [400, "Invalid argument."],
  general_bad_request: [400, "There was an error processing your request. Please check the inputs and try again."],
  general_query_invalid: [400, "Invalid query."],
  general_cursor_not_found: [400, "Cursor not found."],
  general_route_not_found: [404, "The requested route was not found. Please refer to the API docs and try again."],
  general_unauthorized_scope: [401, "The current user or API key does not have the required scopes to access the requested resource."],
  general_rate_limit_exceeded: [429, "Rate limit for the current endpoint has been exceeded. Please try again after some time."],
  general_phone_disabled: [503, "Phone authentication is disabled for this project."],
  general_server_error: [500, "Server Error"],
  database_query_order_null: [400, "The order column had a null value. Cursor pagination requires all rows order column values are non-null."],
  user_unauthorized: [401, "The current user is not authorized to perform the requested action."],
  user_jwt_invalid: [401, "Failed to verify JWT. Invalid token: Expired"],
  user_invalid_token: [401, "Invalid token passed in the request."],
  user_invalid_credentials: [401, "Invalid credentials. Please check the email and password."],
  user_session_already_exists: [401, "Creation of a session is prohibited when a session is active."],
  user_jwt_and_cookie_set: [403, "Only one authentication method is allowed per request: use either a session cookie or a JWT."],
  user_blocked: [401, "The current user has been blocked."],
  user_not_found: [404, "User with the requested ID could not be found."],
  user_session_not_found: [404, "The current user session could not be found."],
  user_already_exists: [409, "A user with the same id, email, or phone already exists in this project."],
  user_email_already_exists: [409, "A user with the same email already exists in this project."],
  user_phone_already_exists: [409, "A user with the same phone number already exists in this project."],
  database_not_found: [404, "Database with the requested ID could not be found."],
  database_already_exists: [409, "Database already exists with the requested ID."],
  table_not_found: [404, "Table with the requested ID could not be found."],
  table_already_exists: [409, "A table with the requested ID already exists."],
  collection_not_found: [404, "Collection with the requested ID could not be found."],
  collection_already_exists: [409, "A collection with the requested ID already exists."],
  row_not_found: [404, "Row with the requested ID could not be found."],
  row_already_exists: [409, "Row with the requested ID already exists. Try again with a different ID or use ID.unique() to generate a unique ID."],
  row_invalid_structure: [400, "The row structure is invalid. Please ensure the columns match the table definition."],
  row_missing_data: [400, "The row data is missing. Try again with row data populated"],
  row_missing_payload: [400, "The row data and permissions are missing. You must provide either row data or permissions to be updated."],
  row_update_conflict: [409, "Remote row is newer than local."],
  document_not_found: [404, "Document with the requested ID could not be found."],
  document_already_exists: [409, "Document with the requested ID already exists. Try again with a different ID or use ID.unique() to generate a unique ID."],
  document_invalid_structure: [400, "The document structure is invalid. Please ensure the attributes match the collection definition."],
  document_missing_data: [400, "The document data is missing. Try again with document data populated"],
  column_not_found: [404, "Column with the requested ID could not be found."],
  column_already_exists: [409, "Column with the requested key already exists. Column keys must be unique, try again with a different key."],
  column_value_invalid: [400, "The column value is invalid. Please check the type, range and value of the column."],
  column_default_unsupported: [400, "Default values cannot be set for array or required columns."],
  attribute_not_found: [404, "Attribute with the requested ID could not be found."],
  attribute_already_exists: [409, "Attribute with the requested key already exists. Attribute keys must be unique, try again with a different key."],
  attribute_value_invalid: [400, "The attribute value is invalid. Please check the type, range and value of the attribute."],
  attribute_default_unsupported: [400, "Default values cannot be set for array or required attributes."],
  index_invalid: [400, "Index invalid."],
  index_not_found: [404, "Index with the requested ID could not be found."],
  index_already_exists: [409, "Index with the requested key already exists. Try again with a different key."],
  column_index_already_exists: [409, "Index with the requested key already exists. Try again with a different key."],
  transaction_not_found: [404, "Transaction with the requested ID could not be found."],
  transaction_expired: [410, "The transaction has expired."],
  transaction_limit_exceeded: [400, "The maximum number of operations in a transaction has been exceeded."],
  transaction_conflict: [409, "The transaction could not be committed because a row it changed was modified outside the transaction."],
  transaction_invalid: [400, "The transaction is not in a state that allows this operation."],
  storage_bucket_not_found: [404, "Storage bucket with the requested ID could not be found."],
  storage_bucket_already_exists: [409, "A storage bucket with the requested ID already exists."],
  storage_file_not_found: [404, "The requested file could not be found."],
  storage_file_already_exists: [409, "A storage file with the requested ID already exists."],
  storage_file_type_unsupported: [400, "The given file extension is not supported."],
  storage_invalid_file_size: [400, "The file size is either not valid or exceeds the maximum allowed size."],
  function_not_found: [404, "Function with the requested ID could not be found."],
  function_already_exists: [409, "Function with the requested ID already exists."],
  execution_not_found: [404, "Execution with the requested ID could not be found."],
  deployment_not_found: [404, "Deployment with the requested ID could not be found."],
  function_synchronous_timeout: [408, "Synchronous function execution timed out."],
  message_missing_target: [400, "Message with the requested ID has no recipients."],
  message_not_found: [404, "Message with the requested ID could not be found."],
  project_not_found: [404, "Project with the requested ID could not be found."],
  // Auth, storage and messaging extras (auth/, storage/, messaging/).
  user_target_not_found: [404, "The target could not be found."],
  user_target_already_exists: [409, "A target with the same ID already exists."],
  storage_invalid_content_range: [416, "The content range is invalid. Please check the value of the Content-Range header."],
  topic_not_found: [404, "Topic with the request ID could not be found."],
  topic_already_exists: [409, "Topic with the request ID already exists."],
  subscriber_not_found: [404, "Subscriber with the request ID could not be found."],
  subscriber_already_exists: [409, "Subscriber with the request ID already exists."],
  message_already_exists: [409, "Message with the requested ID already exists."],
  // TablesDB additions (row/column names; legacyType maps them to document_/attribute_ for /v1/databases).
  column_limit_exceeded: [400, "The column value limit has been reached."],
  attribute_limit_exceeded: [400, "The attribute value limit has been reached."],
  column_type_invalid: [400, "The column type is invalid."],
  attribute_type_invalid: [400, "The attribute type is invalid."],
  document_missing_payload: [400, "The document data and permissions are missing. You must provide either document data or permissions to be updated."],
  database_limit_exceeded: [400, "The maximum number of databases has been reached."],
  column_index_not_found: [404, "Index with the requested ID could not be found."],
} as const satisfies Record<string, readonly [number, string]>;

export type AppwriteErrorType = keyof typeof TYPES;

// Only these statuses pass through; anything else is answered as 500 "Server Error" (Appwrite general.php).
const PASS = new Set([400, 401, 402, 403, 404, 405, 408, 409, 410, 412, 416, 422, 429, 451, 501, 503]);

export class AppwriteError extends Error {
  readonly type: AppwriteErrorType;
  readonly code: number;
  constructor(type: AppwriteErrorType, message?: string) {
    const [code, text] = TYPES[type];
    super(message ?? text);
    this.type = type;
    this.code = code;
  }
  toJSON(): { message: string; code: number; type: string; version: string } {
    const code = PASS.has(this.code) ? this.code : 500;
    return { message: code === 500 ? "Server Error" : this.message, code, type: code === 500 ? "general_server_error" : this.type, version: APPWRITE_VERSION };
  }
}

/** The legacy `/databases` routes answer with document_/collection_/attribute_ names. */
export function legacyType(type: AppwriteErrorType): AppwriteErrorType {
  const mapped = type
    .replace(/^row_/, "document_")
    .replace(/^table_/, "collection_")
    .replace(/^column_(?!index)/, "attribute_");
  return (mapped in TYPES ? mapped : type) as AppwriteErrorType;
}
