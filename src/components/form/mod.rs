//! The pieces every form is made of, in one place (as thaw's `Field` does): [`Field`], a
//! labelled control with its hint and its message, and [`FormError`], the refusal of a whole
//! form. The ids tie them together: a field's hint is `{id}-hint` and its message
//! `{id}-error`, named by the control's `aria-describedby` ([`described_by`]).

use leptos::prelude::*;

/// The id of a field's hint.
pub fn hint_id(id: &str) -> String {
    format!("{id}-hint")
}

/// The id of a field's message.
pub fn error_id(id: &str) -> String {
    format!("{id}-error")
}

/// The control's `aria-describedby`: its hint, and its message while one shows.
pub fn described_by(
    id: impl Into<String>,
    error: Signal<Option<String>>,
) -> impl Fn() -> String + Send + Sync + 'static {
    let id: String = id.into();
    move || match error.with(Option::is_some) {
        true => format!("{} {}", hint_id(&id), error_id(&id)),
        false => hint_id(&id),
    }
}

/// A labelled control (`children`) with its hint and its message below it. The control
/// itself is the caller's, with `id` as its id.
#[component]
pub fn Field(
    /// The control's id: the label points at it.
    #[prop(into)]
    id: String,
    #[prop(into)] label: TextProp,
    /// Below the control, as `{id}-hint`.
    #[prop(optional, into)]
    hint: Option<TextProp>,
    /// The field's message, as `{id}-error`, shown while `Some`.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    /// The message is announced at once (`role="alert"`), for one shown after a submit.
    #[prop(optional)]
    alert: bool,
    /// Drawn last (a preview of the chosen file, a progress line).
    #[prop(optional, into)]
    extra: Option<ViewFn>,
    children: Children,
) -> impl IntoView {
    let role = alert.then_some("alert");
    let message_id = error_id(&id);
    view! {
        <div class="field">
            <label for=id.clone()>{move || label.get()}</label>
            {children()}
            {hint.map(|hint| view! { <p id=hint_id(&id) class="field__hint">{move || hint.get()}</p> })}
            {move || error.get().map(|e| view! { <p id=message_id.clone() class="field__error" role=role>{e}</p> })}
            {extra.map(|extra| extra.run())}
        </div>
    }
}

/// A form's refusal, announced at once; nothing while `None`.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<String>>) -> impl IntoView {
    move || {
        error
            .get()
            .map(|e| view! { <p class="form-error" role="alert">{e}</p> })
    }
}
