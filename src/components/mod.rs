//! Thin view components. Logic lives in `chain/`, `text/`, `wish/`, `contract/`, `auth/` and
//! `discover/`.

pub mod account_menu;
pub mod action_button;
pub mod activity_feed;
pub mod block_card;
pub mod block_view;
pub mod copy_button;
pub mod error_banner;
pub mod inscription_card;
pub mod legacy_notice;
pub mod loaded;
pub mod markdown;
pub mod open_contracts;
pub mod proposal_card;
pub mod qr_code;
pub mod rail;
pub mod rework_panel;
pub mod search_box;
pub mod sign_in;
pub mod task_card;
pub mod theme_toggle;
pub mod wallet_sign_in;
pub mod wish_form;

pub use account_menu::AccountMenu;
pub use action_button::{refusal, ActionButton};
pub use activity_feed::ActivityFeed;
pub use block_card::{BlockCard, GapCard, PendingCard};
pub use block_view::{BlockView, InscriptionGrid};
pub use copy_button::CopyButton;
pub use error_banner::ErrorBanner;
pub use inscription_card::InscriptionCard;
pub use legacy_notice::LegacyNotice;
pub use loaded::{Loaded, PolledList};
pub use markdown::{FoldedMarkdown, Markdown};
pub use open_contracts::{ContractCard, OpenContracts};
pub use proposal_card::ProposalCard;
pub use qr_code::QrCode;
pub use rail::{Rail, RailSkeleton};
pub use rework_panel::ReworkPanel;
pub use search_box::SearchBox;
pub use sign_in::SignInPanel;
pub use task_card::TaskCard;
pub use theme_toggle::ThemeToggle;
pub use wallet_sign_in::WalletSignInForm;
pub use wish_form::WishForm;
