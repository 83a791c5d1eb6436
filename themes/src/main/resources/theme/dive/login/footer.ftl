<#-- The classification banner. The system-high marking of the login pages themselves is set per
     realm through the message key "diveClassificationBanner"; CSS pins it to the top and bottom. -->
<#macro content>
<div class="dive-classification-banner dive-classification-banner--top" role="note" aria-label="${msg("diveClassificationBannerLabel")}">${msg("diveClassificationBanner")}</div>
<div class="dive-classification-banner dive-classification-banner--bottom" aria-hidden="true">${msg("diveClassificationBanner")}</div>
</#macro>
