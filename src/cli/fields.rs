//! The flags that map export fields and columns to what couth reads.

use clap::Args;

use crate::input::{FieldKind, FieldMap, ReadOptions};

/// Field names of JSON exports and column names of CSV exports. Each flag
/// takes a name, a dotted path (`author.role`) or a comma-separated list
/// tried in order, and replaces the defaults.
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Export fields")]
pub struct FieldArgs {
    /// JSON: the message text [default: text,body,message,content,plain_body,value]
    #[arg(long, value_name = "FIELD")]
    pub json_text_field: Option<String>,
    /// JSON: who wrote a message; `field=agent|customer` for a yes/no field
    /// [default: role,author_type,sender_type,from,author.role,type,direction,is_agent,from_agent,inbound,…]
    #[arg(long, value_name = "FIELD")]
    pub json_role_field: Option<String>,
    /// JSON: when a message was sent (ISO 8601, Unix seconds or ms)
    /// [default: timestamp,created_at,time,date,datetime,sent_at,timestamp_ms,…]
    #[arg(long, value_name = "FIELD")]
    pub json_timestamp_field: Option<String>,
    /// JSON: the speaker's name [default: speaker,author,author.name,name,sender,…]
    #[arg(long, value_name = "FIELD")]
    pub json_speaker_field: Option<String>,
    /// JSON: the conversation id, on a conversation or on each message
    /// [default: conversation_id,ticket_id,thread_id,chat_id,session_id,convo_id,id]
    #[arg(long, value_name = "FIELD")]
    pub json_conversation_field: Option<String>,
    /// JSON: a conversation's message array
    /// [default: messages,comments,conversation_parts,turns,dialog,dialogue,utterances]
    #[arg(long, value_name = "FIELD")]
    pub json_messages_field: Option<String>,
    /// CSV: the message text column [default: text,body,message,content,comment,plain_body]
    #[arg(long, value_name = "COLUMN")]
    pub csv_text_column: Option<String>,
    /// CSV: who wrote a row; `column=agent|customer` for a yes/no column
    /// [default: role,author_type,sender_type,from,type,direction,is_agent,from_agent,inbound]
    #[arg(long, value_name = "COLUMN")]
    pub csv_role_column: Option<String>,
    /// CSV: when a row was sent [default: timestamp,created_at,time,date,datetime,sent_at,timestamp_ms]
    #[arg(long, value_name = "COLUMN")]
    pub csv_timestamp_column: Option<String>,
    /// CSV: the speaker's name [default: speaker,author,author_name,author_id,name,sender]
    #[arg(long, value_name = "COLUMN")]
    pub csv_speaker_column: Option<String>,
    /// CSV: the conversation id that groups rows; without one, rows are threaded
    /// by their reply ids, or else a file is one conversation
    /// [default: conversation_id,ticket_id,thread_id,chat_id,session_id,convo_id]
    #[arg(long, value_name = "COLUMN")]
    pub csv_conversation_column: Option<String>,
    /// CSV: a row's own id, which replies point to [default: tweet_id,message_id,msg_id,post_id,id]
    #[arg(long, value_name = "COLUMN")]
    pub csv_message_id_column: Option<String>,
    /// CSV: the id of the row a row replies to
    /// [default: in_response_to_tweet_id,in_reply_to_status_id,in_reply_to,in_reply_to_id,…,parent_id]
    #[arg(long, value_name = "COLUMN")]
    pub csv_reply_to_column: Option<String>,
}

impl FieldArgs {
    /// Sets the field maps of `options`; an error names the flag.
    pub fn apply(&self, options: &mut ReadOptions) -> Result<(), String> {
        let json = [
            ("--json-text-field", &self.json_text_field, FieldKind::Text),
            ("--json-role-field", &self.json_role_field, FieldKind::Role),
            (
                "--json-timestamp-field",
                &self.json_timestamp_field,
                FieldKind::Timestamp,
            ),
            (
                "--json-speaker-field",
                &self.json_speaker_field,
                FieldKind::Speaker,
            ),
            (
                "--json-conversation-field",
                &self.json_conversation_field,
                FieldKind::Conversation,
            ),
            (
                "--json-messages-field",
                &self.json_messages_field,
                FieldKind::Messages,
            ),
        ];
        let csv = [
            ("--csv-text-column", &self.csv_text_column, FieldKind::Text),
            ("--csv-role-column", &self.csv_role_column, FieldKind::Role),
            (
                "--csv-timestamp-column",
                &self.csv_timestamp_column,
                FieldKind::Timestamp,
            ),
            (
                "--csv-speaker-column",
                &self.csv_speaker_column,
                FieldKind::Speaker,
            ),
            (
                "--csv-conversation-column",
                &self.csv_conversation_column,
                FieldKind::Conversation,
            ),
            (
                "--csv-message-id-column",
                &self.csv_message_id_column,
                FieldKind::MessageId,
            ),
            (
                "--csv-reply-to-column",
                &self.csv_reply_to_column,
                FieldKind::ReplyTo,
            ),
        ];
        set_all(&mut options.json, &json)?;
        set_all(&mut options.csv, &csv)
    }
}

fn set_all(map: &mut FieldMap, flags: &[(&str, &Option<String>, FieldKind)]) -> Result<(), String> {
    for (flag, value, kind) in flags {
        if let Some(value) = value {
            map.set(*kind, value).map_err(|e| format!("{flag}: {e}"))?;
        }
    }
    Ok(())
}
